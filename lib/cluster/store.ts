import { KINDS, type KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { applyWatchEvent, cacheKey, replaceAll, type WatchEventType } from '../k8s/reduce';
import { provideBuckets } from '../model/cluster-index';
import type { ClusterSnapshot, KindStatus, ResourceSet } from './snapshot';
import type { ChangeEvent } from './source';

function initialStatuses(): Record<KindKey, KindStatus> {
  return Object.fromEntries(KINDS.map((k) => [k.key, { state: 'loading', count: 0 }])) as Record<
    KindKey,
    KindStatus
  >;
}

type Buckets = ReadonlyMap<string, KubeObject[]>;

const namespaceOf = (o: KubeObject) => o.metadata.namespace ?? '';

// A kind's list, read from its buckets once per bucket map: the same array while the kind is unchanged.
const flatLists = new WeakMap<Buckets, KubeObject[]>();

function flatten(buckets: Buckets): KubeObject[] {
  let list = flatLists.get(buckets);
  if (!list) {
    list = [];
    for (const objects of buckets.values()) for (const o of objects) list.push(o);
    flatLists.set(buckets, list);
  }
  return list;
}

const EVERY_NAMESPACE = 'every namespace';

/** The cluster as far as the first lists have come (see {@link ObjectStore.preview}). */
export interface ClusterPreview {
  /** Put together on first read. */
  readonly snapshot: ClusterSnapshot;
  /**
   * Kinds being listed for the first time, and the namespace of the last object read when the
   * objects have come in namespace order so far (each namespace before it is then whole), or
   * undefined when they have not.
   */
  listing: ReadonlyMap<KindKey, string | undefined>;
}

/** A kind's first list as far as it has come, and how far its namespace order has been checked. */
interface Listing {
  items: readonly KubeObject[];
  checked: number;
  last: string;
  ordered: boolean;
}

/** The namespace up to which `l`'s objects came in namespace order, or undefined if they did not. */
function orderedThrough(l: Listing): string | undefined {
  for (; l.ordered && l.checked < l.items.length; l.checked++) {
    const ns = namespaceOf(l.items[l.checked] as KubeObject);
    if (ns < l.last) l.ordered = false;
    else l.last = ns;
  }
  return l.ordered && l.checked > 0 ? l.last : undefined;
}

/** The group of namespace `ns`, made when it has none. */
function groupOf(groups: Map<string, Map<string, KubeObject>>, ns: string): Map<string, KubeObject> {
  let g = groups.get(ns);
  if (!g) {
    g = new Map();
    groups.set(ns, g);
  }
  return g;
}

/**
 * Objects per kind, kind statuses and change listeners. The snapshot is rebuilt lazily, once per
 * batch of changes, so readers pay nothing between changes.
 *
 * Each kind is also kept by namespace: a snapshot hands the cluster index one array per namespace
 * ({@link provideBuckets}), and a change rebuilds the arrays of the namespaces it touched only. A
 * namespace's array keeps its identity while its objects are unchanged, so what was computed from
 * it is kept; a kind's whole list is put together only when something reads it.
 */
export class ObjectStore {
  private readonly caches = new Map<KindKey, Map<string, KubeObject>>(KINDS.map((k) => [k.key, new Map()]));
  private statuses = initialStatuses();
  private revision = 0;
  private cached: ClusterSnapshot | undefined;
  // Per kind: each namespace's objects ('' for cluster-scoped ones), in the order of the cache.
  private readonly groups = new Map<KindKey, Map<string, Map<string, KubeObject>>>(
    KINDS.map((k) => [k.key, new Map()]),
  );
  // Per kind: one array per namespace, as of the last snapshot that read the kind.
  private readonly buckets = new Map<KindKey, Buckets>();
  // Per kind: namespaces changed since its buckets were built (absent: none).
  private readonly stale = new Map<KindKey, Set<string> | typeof EVERY_NAMESPACE>();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  // Kinds being listed for the first time: the objects read so far, in list order.
  private readonly listing = new Map<KindKey, Listing>();
  private readonly progressListeners = new Set<() => void>();

  private cache(kind: KindKey): Map<string, KubeObject> {
    const c = this.caches.get(kind);
    if (!c) throw new Error(`no cache for ${kind}`);
    return c;
  }

  private groupsOf(kind: KindKey): Map<string, Map<string, KubeObject>> {
    const g = this.groups.get(kind);
    if (!g) throw new Error(`no cache for ${kind}`);
    return g;
  }

  private markStale(kind: KindKey, ns: string): void {
    const s = this.stale.get(kind);
    if (s === EVERY_NAMESPACE) return;
    if (s) s.add(ns);
    else this.stale.set(kind, new Set([ns]));
  }

  /** Moves one object in the per-namespace groups: `prev` out, `next` in (same key). */
  private regroup(kind: KindKey, prev: KubeObject | undefined, next: KubeObject | undefined): void {
    const groups = this.groupsOf(kind);
    const key = cacheKey((next ?? prev) as KubeObject);
    if (prev && (!next || namespaceOf(prev) !== namespaceOf(next))) {
      const ns = namespaceOf(prev);
      const g = groups.get(ns);
      g?.delete(key);
      if (g?.size === 0) groups.delete(ns);
      this.markStale(kind, ns);
    }
    if (next) {
      const ns = namespaceOf(next);
      groupOf(groups, ns).set(key, next);
      this.markStale(kind, ns);
    }
  }

  /** A kind's objects per namespace as of now: the arrays of unchanged namespaces are the previous ones. */
  private bucketsOf(kind: KindKey): Buckets {
    const prev = this.buckets.get(kind);
    const stale = this.stale.get(kind);
    if (prev && !stale) return prev;
    const groups = this.groupsOf(kind);
    const next = new Map<string, KubeObject[]>();
    if (prev && stale && stale !== EVERY_NAMESPACE) {
      for (const [ns, objects] of prev) {
        if (!stale.has(ns)) next.set(ns, objects);
        else {
          const g = groups.get(ns);
          if (g) next.set(ns, [...g.values()]);
        }
      }
      for (const ns of stale) {
        const g = groups.get(ns);
        if (g && !next.has(ns)) next.set(ns, [...g.values()]);
      }
    } else for (const [ns, g] of groups) next.set(ns, [...g.values()]);
    this.buckets.set(kind, next);
    this.stale.delete(kind);
    return next;
  }

  private changed(event: Omit<ChangeEvent, 'revision'>): void {
    this.revision += 1;
    this.cached = undefined;
    const full = { ...event, revision: this.revision };
    for (const l of this.listeners) l(full);
  }

  /**
   * A first list's progress: the objects read so far, in list order (the list's own array, which
   * grows). They are in no snapshot until `replace`; {@link preview} shows them.
   */
  listed(kind: KindKey, items: readonly KubeObject[]): void {
    if (this.listing.get(kind)?.items !== items)
      this.listing.set(kind, { items, checked: 0, last: '', ordered: true });
    for (const listener of this.progressListeners) listener();
  }

  /** Called as first lists progress. Returns an unsubscribe function. */
  subscribeProgress(listener: () => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /**
   * The cluster as far as the first lists have come: kinds being listed hold the objects read so
   * far (bucketed by namespace in list order, as {@link replace} will bucket them), every other kind
   * is as in {@link snapshot}, the same arrays. Undefined when no kind is being listed.
   */
  preview(): ClusterPreview | undefined {
    if (this.listing.size === 0) return undefined;
    const listing = new Map([...this.listing].map(([k, l]) => [k, orderedThrough(l)] as const));
    let snapshot: ClusterSnapshot | undefined;
    const read = () => this.previewSnapshot();
    // Put together when read: a reader that only looks at how far the lists are pays nothing.
    return {
      listing,
      get snapshot() {
        snapshot ??= read();
        return snapshot;
      },
    };
  }

  private previewSnapshot(): ClusterSnapshot {
    const base = this.snapshot();
    const resources = {} as ResourceSet;
    const buckets = new Map<KindKey, Buckets>();
    for (const k of KINDS) {
      const items = this.listing.get(k.key)?.items;
      if (items) {
        // As read so far (the list's array grows); the index buckets it in list order, as replace will.
        const read = items.slice();
        Object.defineProperty(resources, k.key, { enumerable: true, get: () => read });
      } else {
        buckets.set(k.key, this.bucketsOf(k.key));
        Object.defineProperty(resources, k.key, { enumerable: true, get: () => base.resources[k.key] });
      }
    }
    provideBuckets(resources, (kind) => buckets.get(kind));
    return { resources, kinds: base.kinds, revision: base.revision };
  }

  /** Replaces a kind's objects (after a list or relist). */
  replace(kind: KindKey, items: KubeObject[]): void {
    this.listing.delete(kind);
    replaceAll(this.cache(kind), items);
    const groups = this.groupsOf(kind);
    groups.clear();
    for (const item of this.cache(kind).values())
      groupOf(groups, namespaceOf(item)).set(cacheKey(item), item);
    this.stale.set(kind, EVERY_NAMESPACE);
    this.statuses[kind] = { state: 'ok', count: items.length };
    this.changed({ type: 'RESYNC', kind });
  }

  /** Applies a watch event; notifies listeners only when the cache changed. */
  event(kind: KindKey, type: WatchEventType, obj: KubeObject): void {
    const prev = type === 'BOOKMARK' ? undefined : this.cache(kind).get(cacheKey(obj));
    if (!applyWatchEvent(this.cache(kind), type, obj)) return;
    this.regroup(kind, prev, type === 'DELETED' ? undefined : obj);
    const status = this.statuses[kind];
    this.statuses[kind] = {
      ...status,
      state: status.state === 'loading' ? 'ok' : status.state,
      count: this.cache(kind).size,
    };
    if (type !== 'BOOKMARK') this.changed({ type, kind, object: obj });
  }

  setStatus(kind: KindKey, status: Omit<KindStatus, 'count'> & { count?: number }): void {
    if (status.state !== 'loading') this.listing.delete(kind);
    const prev = this.statuses[kind];
    if (prev.state === status.state && prev.message === status.message) return;
    this.statuses[kind] = { count: status.count ?? this.cache(kind).size, ...status };
    this.changed({ type: 'STATUS', kind });
  }

  snapshot(): ClusterSnapshot {
    if (!this.cached) {
      const resources = {} as ResourceSet;
      const buckets = new Map<KindKey, Buckets>();
      for (const k of KINDS) {
        const b = this.bucketsOf(k.key);
        buckets.set(k.key, b);
        Object.defineProperty(resources, k.key, { enumerable: true, get: () => flatten(b) });
      }
      provideBuckets(resources, (kind) => buckets.get(kind));
      this.cached = { resources, kinds: { ...this.statuses }, revision: this.revision };
    }
    return this.cached;
  }

  subscribe(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

import type { ResourceSet } from '../cluster/snapshot';
import type { KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { processWide } from './process-wide';

const NONE: readonly KubeObject[] = Object.freeze([]);

// How many generations back a derived index looks for a memo computed after it was derived.
const INHERIT_DEPTH = 4;

/**
 * Indexes over one snapshot's {@link ResourceSet}, built once and shared by the summary, the plan,
 * preflight, verification and the topology. Each kind is bucketed by namespace on first use, each
 * bucket sorted by name on first read, so a namespace's objects cost what the namespace holds, not
 * what the cluster holds. Derived values (owner chains, selector and host indexes) hang off `memo`.
 */
export class ClusterIndex {
  private readonly buckets = new Map<KindKey, ReadonlyMap<string, KubeObject[]>>();
  private readonly memos = new Map<string, { value: unknown; deps?: readonly KindKey[] }>();
  private byName: Map<string, KubeObject> | undefined;
  // Buckets of the index this one was derived from, for kinds that changed: a namespace whose
  // objects are the same keeps its bucket, so what was computed from that bucket is kept too.
  private readonly previous = new Map<KindKey, ReadonlyMap<string, KubeObject[]>>();
  // For a changed kind, the namespaces whose objects of that kind changed, when known.
  private readonly touched = new Map<KindKey, ReadonlySet<string>>();
  // The index this one was derived from and the kinds that changed since: a memo computed there
  // after the derive (a request on the older snapshot) is found here too, when it read none of them.
  private parent: { index: WeakRef<ClusterIndex>; changed: readonly KindKey[] } | undefined;

  constructor(readonly resources: ResourceSet) {}

  private bucketsOf(kind: KindKey): ReadonlyMap<string, KubeObject[]> {
    let b = this.buckets.get(kind);
    if (!b) {
      const prev = this.previous.get(kind);
      const touched = this.touched.get(kind);
      b =
        provided.get(this.resources)?.(kind) ??
        (prev && touched ? this.rebucket(kind, prev, touched) : this.bucket(kind, prev));
      this.previous.delete(kind);
      this.touched.delete(kind);
      this.buckets.set(kind, b);
    }
    return b;
  }

  /** Buckets every object of `kind`; a namespace whose objects are those of `prev` keeps its bucket. */
  private bucket(
    kind: KindKey,
    prev: ReadonlyMap<string, KubeObject[]> | undefined,
  ): Map<string, KubeObject[]> {
    const b = new Map<string, KubeObject[]>();
    for (const o of this.resources[kind]) {
      const ns = o.metadata.namespace ?? '';
      const list = b.get(ns);
      if (list) list.push(o);
      else b.set(ns, [o]);
    }
    if (prev)
      for (const [ns, list] of b) {
        const old = prev.get(ns);
        if (old && sameObjects(old, list)) b.set(ns, old);
      }
    return b;
  }

  /**
   * `prev` with only the `touched` namespaces bucketed anew (the only ones whose objects of `kind`
   * changed): one pass that pushes nothing for the other namespaces, which keep their buckets.
   */
  private rebucket(
    kind: KindKey,
    prev: ReadonlyMap<string, KubeObject[]>,
    touched: ReadonlySet<string>,
  ): Map<string, KubeObject[]> {
    const fresh = new Map<string, KubeObject[]>();
    for (const o of this.resources[kind]) {
      const ns = o.metadata.namespace ?? '';
      if (!touched.has(ns)) continue;
      const list = fresh.get(ns);
      if (list) list.push(o);
      else fresh.set(ns, [o]);
    }
    const b = new Map<string, KubeObject[]>();
    for (const [ns, old] of prev) {
      if (!touched.has(ns)) b.set(ns, old);
      else {
        const list = fresh.get(ns);
        if (list) b.set(ns, sameObjects(old, list) ? old : list);
      }
    }
    for (const [ns, list] of fresh) if (!b.has(ns)) b.set(ns, list);
    return b;
  }

  /** Objects of one kind in one namespace, sorted by name, without those being deleted. */
  objects(kind: KindKey, ns: string): readonly KubeObject[] {
    const list = this.bucketsOf(kind).get(ns);
    if (!list) return NONE;
    let out = liveLists.get(list);
    if (!out) {
      out = list
        .filter((o) => !o.metadata.deletionTimestamp)
        .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      liveLists.set(list, out);
    }
    return out;
  }

  /** Every object of one kind in one namespace, those being deleted included, in list order. */
  all(kind: KindKey, ns: string): readonly KubeObject[] {
    return this.bucketsOf(kind).get(ns) ?? NONE;
  }

  /**
   * `make(objects)` over the objects of one kind in one namespace (those being deleted included),
   * computed once per bucket: it is kept across snapshots for as long as that namespace's objects
   * of that kind are the same ones, whatever changes elsewhere.
   */
  perNamespace<T>(
    kind: KindKey,
    ns: string,
    key: string,
    make: (objects: readonly KubeObject[], ns: string) => T,
  ): T {
    const list = this.all(kind, ns);
    if (list === NONE) return make(NONE, ns);
    let m = bucketMemos.get(list);
    if (!m) {
      m = new Map();
      bucketMemos.set(list, m);
    }
    if (m.has(key)) return m.get(key) as T;
    const value = make(list, ns);
    m.set(key, value);
    return value;
  }

  /** One object by kind, namespace and name. */
  find(kind: KindKey, ns: string, name: string): KubeObject | undefined {
    return this.objects(kind, ns).find((o) => o.metadata.name === name);
  }

  /** Namespaces holding at least one object of `kind`. */
  namespacesWith(kind: KindKey): string[] {
    return [...this.bucketsOf(kind).keys()];
  }

  /** The Namespace object named `name`. */
  namespace(name: string): KubeObject | undefined {
    this.byName ??= new Map(this.resources.namespaces.map((n) => [n.metadata.name, n]));
    return this.byName.get(name);
  }

  /**
   * Computes `make()` once per index under `key` (owner resolvers, selector and host indexes).
   * `deps` names the kinds the value reads, so a {@link derive}d index can keep it.
   */
  memo<T>(key: string, make: () => T, deps?: readonly KindKey[]): T {
    const hit = this.memos.get(key) ?? this.inherited(key);
    if (hit) return hit.value as T;
    const value = make();
    this.memos.set(key, { value, deps });
    return value;
  }

  /** A memo of an index this one derives from (a few generations back) that is valid here. */
  private inherited(key: string): { value: unknown; deps?: readonly KindKey[] } | undefined {
    const changed = new Set<KindKey>();
    let link = this.parent;
    for (let depth = 0; link && depth < INHERIT_DEPTH; depth++) {
      for (const k of link.changed) changed.add(k);
      const index = link.index.deref();
      if (!index) return undefined;
      const m = index.memos.get(key);
      if (m) {
        if (!m.deps || m.deps.some((k) => changed.has(k))) return undefined;
        this.memos.set(key, m);
        return m;
      }
      link = index.parent;
    }
    return undefined;
  }

  /**
   * The index of `next`, a copy of this index's set where only `changed` kinds differ: buckets of
   * the other kinds and memos that read none of `changed` are shared, not rebuilt. `touched`: for
   * a changed kind, every namespace whose objects of that kind changed (the others keep their
   * buckets without a walk).
   */
  derive(
    next: ResourceSet,
    changed: readonly KindKey[],
    hints: { touched?: ReadonlyMap<KindKey, ReadonlySet<string>> } = {},
  ): ClusterIndex {
    const ix = indexOf(next);
    const { touched } = hints;
    for (const [kind, b] of this.buckets) {
      if (ix.buckets.has(kind)) continue;
      if (!changed.includes(kind)) ix.buckets.set(kind, b);
      else {
        ix.previous.set(kind, b);
        const t = touched?.get(kind);
        if (t) ix.touched.set(kind, t);
      }
    }
    for (const [key, m] of this.memos) {
      if (m.deps && !m.deps.some((k) => changed.includes(k)) && !ix.memos.has(key)) ix.memos.set(key, m);
    }
    if (!changed.includes('namespaces')) ix.byName ??= this.byName;
    ix.parent ??= { index: new WeakRef(this), changed };
    return ix;
  }
}

/** Whether two lists hold the same objects (by identity), in the same order. */
export function sameObjects(a: readonly KubeObject[], b: readonly KubeObject[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// A bucket without the objects being deleted, sorted by name.
const liveLists = processWide('index:live-lists', () => new WeakMap<readonly KubeObject[], KubeObject[]>());

// Values computed from one bucket (see ClusterIndex.perNamespace), dropped with the bucket.
const bucketMemos = processWide(
  'index:bucket-memos',
  () => new WeakMap<readonly KubeObject[], Map<string, unknown>>(),
);

// Buckets a ResourceSet came with (see provideBuckets), by kind.
const provided = processWide(
  'index:provided-buckets',
  () => new WeakMap<ResourceSet, (kind: KindKey) => ReadonlyMap<string, KubeObject[]> | undefined>(),
);

/**
 * Gives the index of `resources` its objects already bucketed by namespace (one array per
 * namespace, in list order, '' for cluster-scoped objects), as a store that keeps them so hands
 * out: the index then reads no kind's whole list to bucket it.
 */
export function provideBuckets(
  resources: ResourceSet,
  buckets: (kind: KindKey) => ReadonlyMap<string, KubeObject[]> | undefined,
): void {
  provided.set(resources, buckets);
}

/**
 * Whether `kind` differs between two sets: their lists are other arrays, or, for sets a store gave
 * buckets, their buckets are other maps (without putting the lists together).
 */
export function kindChanged(a: ResourceSet, b: ResourceSet, kind: KindKey): boolean {
  const from = provided.get(a)?.(kind);
  const to = provided.get(b)?.(kind);
  return from && to ? from !== to : a[kind] !== b[kind];
}

// Snapshots are immutable and replaced on change, so the ResourceSet's identity keys its index.
const indexes = processWide('index:indexes', () => new WeakMap<ResourceSet, ClusterIndex>());

/** The index of a ResourceSet, built on first use and reused for as long as the set lives. */
export function indexOf(resources: ResourceSet): ClusterIndex {
  let ix = indexes.get(resources);
  if (!ix) {
    ix = new ClusterIndex(resources);
    indexes.set(resources, ix);
  }
  return ix;
}

import type { ClusterSnapshot, KindStatus, ResourceSet } from '../cluster/snapshot';
import { emptyResourceSet } from '../cluster/snapshot';
import type { ChangeEvent } from '../cluster/source';
import { apiVersionOf, KINDS, type KindKey, kindByKey, RECORD_LABEL } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { deepEqual } from '../k8s/objects';
import { type FieldOwners, type FieldPath, updateOwners } from './apply';
import { IdGen } from './ids';

interface Entry {
  kind: KindKey;
  obj: KubeObject;
  owners: FieldOwners;
}

function entryKey(kind: KindKey, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** True when anything but metadata and status differs: what bumps `metadata.generation`. */
function specChanged(prev: KubeObject, next: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject) => rest;
  return !deepEqual(strip(prev), strip(next));
}

// Status writes (most controller writes) leave field ownership as it was.
function onlyStatusChanged(prev: KubeObject, next: KubeObject): boolean {
  const bare = (o: KubeObject) => ({
    ...o,
    status: undefined,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return deepEqual(bare(prev), bare(next));
}

/**
 * The demo cluster's objects, keyed by kind + namespace + name, with server-assigned metadata
 * (uid, resourceVersion, generation, creationTimestamp), coarse field ownership and change events.
 * Stored objects are never mutated: every write stores a new object.
 */
export class DemoStore {
  private readonly entries = new Map<string, Entry>();
  private readonly byKind = new Map<KindKey, Map<string, Entry>>();
  // Owner uid → entries that name it in ownerReferences: what controllers and the GC look up most.
  private readonly byOwner = new Map<string, Map<string, Entry>>();
  private readonly uids = new Set<string>();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private rv = 1000;
  private revision = 0;
  private cached: ClusterSnapshot | undefined;
  private batching = false;

  constructor(
    readonly ids: IdGen = new IdGen(),
    /** Timestamp for new objects; replaceable so that a scenario can be loaded "in the past". */
    public clock: () => Date = () => new Date(),
  ) {}

  /** The clock as Kubernetes prints times: RFC 3339, whole seconds. */
  timestamp(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
  }

  get(kind: KindKey, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.entries.get(entryKey(kind, namespace, name))?.obj;
  }

  owners(kind: KindKey, namespace: string | undefined, name: string): ReadonlyMap<string, string> {
    return this.entries.get(entryKey(kind, namespace, name))?.owners ?? new Map();
  }

  list(kind: KindKey, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const e of this.byKind.get(kind)?.values() ?? []) {
      if (namespace === undefined || e.obj.metadata.namespace === namespace) out.push(e.obj);
    }
    return out;
  }

  /** Objects of `kind` whose ownerReferences name `uid`. */
  ownedBy(kind: KindKey, uid: string | undefined): KubeObject[] {
    const out: KubeObject[] = [];
    for (const e of this.byOwner.get(uid ?? '')?.values() ?? []) if (e.kind === kind) out.push(e.obj);
    return out;
  }

  hasUid(uid: string): boolean {
    return this.uids.has(uid);
  }

  private index(key: string, entry: Entry | undefined, prev: Entry | undefined): void {
    if (prev) {
      this.entries.delete(key);
      this.byKind.get(prev.kind)?.delete(key);
      if (prev.obj.metadata.uid) this.uids.delete(prev.obj.metadata.uid);
      for (const r of prev.obj.metadata.ownerReferences ?? []) {
        const owned = this.byOwner.get(r.uid);
        owned?.delete(key);
        if (owned?.size === 0) this.byOwner.delete(r.uid);
      }
    }
    if (!entry) return;
    this.entries.set(key, entry);
    const kindMap = this.byKind.get(entry.kind) ?? new Map<string, Entry>();
    this.byKind.set(entry.kind, kindMap);
    kindMap.set(key, entry);
    if (entry.obj.metadata.uid) this.uids.add(entry.obj.metadata.uid);
    for (const r of entry.obj.metadata.ownerReferences ?? []) {
      const owned = this.byOwner.get(r.uid) ?? new Map<string, Entry>();
      this.byOwner.set(r.uid, owned);
      owned.set(key, entry);
    }
  }

  /** Every stored object with its kind. */
  all(): { kind: KindKey; obj: KubeObject }[] {
    return [...this.entries.values()].map(({ kind, obj }) => ({ kind, obj }));
  }

  /**
   * What `obj` would look like once stored: apiVersion normalised, server metadata filled in,
   * generation bumped on spec changes, a clusterIP for new Services. Stores nothing.
   */
  prepare(kind: KindKey, obj: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    const d = kindByKey(kind);
    const ns = d.namespaced ? obj.metadata.namespace : undefined;
    const prev = this.get(kind, ns, obj.metadata.name);
    // Shallow: callers hand over fresh objects, and stored objects are never mutated.
    const next: KubeObject = { ...obj, apiVersion: apiVersionOf(d) };
    const meta = { ...next.metadata };
    delete meta.namespace;
    if (ns !== undefined) meta.namespace = ns;
    meta.uid = prev?.metadata.uid ?? this.ids.uid();
    meta.creationTimestamp = prev?.metadata.creationTimestamp ?? this.timestamp();
    meta.resourceVersion = String(this.rv + 1);
    meta.generation = prev ? (prev.metadata.generation ?? 1) + (specChanged(prev, next) ? 1 : 0) : 1;
    next.metadata = meta;
    if (kind === 'services' && !opts.dryRun) assignClusterIP(next, prev, this.ids);
    return next;
  }

  /**
   * Inserts or replaces an object as written by `manager` (which takes ownership of the fields it
   * changed, plus `claimed`). Emits ADDED or MODIFIED. Returns the stored object.
   */
  write(kind: KindKey, obj: KubeObject, manager: string, claimed: FieldPath[] = []): KubeObject {
    const next = this.prepare(kind, obj);
    const key = entryKey(kind, next.metadata.namespace, next.metadata.name);
    const prev = this.entries.get(key);
    this.rv += 1;
    const owners =
      prev && claimed.length === 0 && onlyStatusChanged(prev.obj, next)
        ? prev.owners
        : updateOwners(prev?.owners ?? new Map(), prev?.obj, next, manager, claimed);
    this.index(key, { kind, obj: next, owners }, prev);
    this.changed({ type: prev ? 'MODIFIED' : 'ADDED', kind, object: next });
    return next;
  }

  /** Writes only when `obj` differs from the stored object (controllers call this every pass). */
  writeIfChanged(kind: KindKey, obj: KubeObject, manager: string): boolean {
    const prev = this.get(kind, obj.metadata.namespace, obj.metadata.name);
    if (prev && deepEqual(prev, obj)) return false;
    this.write(kind, obj, manager);
    return true;
  }

  remove(kind: KindKey, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = entryKey(kind, namespace, name);
    const prev = this.entries.get(key);
    if (!prev) return undefined;
    this.index(key, undefined, prev);
    this.rv += 1;
    this.changed({ type: 'DELETED', kind, object: prev.obj });
    return prev.obj;
  }

  /** Runs `fn` without per-object events, then emits one RESYNC (for loading a whole scenario). */
  batch(fn: () => void): void {
    const was = this.batching;
    this.batching = true;
    try {
      fn();
    } finally {
      this.batching = was;
    }
    if (!was) this.changed({ type: 'RESYNC' });
  }

  private changed(event: Omit<ChangeEvent, 'revision'>): void {
    this.cached = undefined;
    if (this.batching) return;
    this.revision += 1;
    const full = { ...event, revision: this.revision };
    for (const l of this.listeners) l(full);
  }

  subscribe(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** All kinds `ok` (the demo has every CRD); ConfigMaps only with the record label, as the real source lists them. */
  snapshot(): ClusterSnapshot {
    if (!this.cached) {
      const resources: ResourceSet = emptyResourceSet();
      for (const { kind, obj } of this.entries.values()) {
        if (kind === 'configmaps' && obj.metadata.labels?.[RECORD_LABEL] === undefined) continue;
        resources[kind].push(obj);
      }
      const kinds = Object.fromEntries(
        KINDS.map((k) => [k.key, { state: 'ok', count: resources[k.key].length } satisfies KindStatus]),
      ) as Record<KindKey, KindStatus>;
      this.cached = { resources, kinds, revision: this.revision };
    }
    return this.cached;
  }
}

function assignClusterIP(svc: KubeObject, prev: KubeObject | undefined, ids: IdGen): void {
  const spec = { ...(svc.spec ?? {}) } as Record<string, unknown>;
  const prevIP = (prev?.spec as { clusterIP?: string } | undefined)?.clusterIP;
  if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return;
  if (!spec.clusterIP) {
    const ip = prevIP ?? ids.clusterIP();
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  spec.type ??= 'ClusterIP';
  svc.spec = spec;
  if (
    spec.type === 'LoadBalancer' &&
    // A controller that set loadBalancer (even empty: MetalLB with no free address) is left alone.
    (svc.status as { loadBalancer?: unknown } | undefined)?.loadBalancer === undefined
  ) {
    const prevLb = (prev?.status as { loadBalancer?: unknown } | undefined)?.loadBalancer;
    svc.status = {
      ...(svc.status ?? {}),
      loadBalancer: prevLb ?? { ingress: [{ ip: ids.loadBalancerIP() }] },
    };
  }
}

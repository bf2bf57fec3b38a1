import { KINDS, type KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { applyWatchEvent, replaceAll, type WatchEventType } from '../k8s/reduce';
import type { ClusterSnapshot, KindStatus, ResourceSet } from './snapshot';
import { emptyResourceSet } from './snapshot';
import type { ChangeEvent } from './source';

function initialStatuses(): Record<KindKey, KindStatus> {
  return Object.fromEntries(KINDS.map((k) => [k.key, { state: 'loading', count: 0 }])) as Record<
    KindKey,
    KindStatus
  >;
}

/**
 * Objects per kind, kind statuses and change listeners. The snapshot is rebuilt lazily, once per
 * batch of changes, so readers pay nothing between changes.
 */
export class ObjectStore {
  private readonly caches = new Map<KindKey, Map<string, KubeObject>>(KINDS.map((k) => [k.key, new Map()]));
  private statuses = initialStatuses();
  private revision = 0;
  private cached: ClusterSnapshot | undefined;
  // Each kind's array survives until that kind changes, so unchanged kinds keep their identity
  // across snapshots (indexes built on them are reused).
  private readonly arrays = new Map<KindKey, KubeObject[]>();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();

  private cache(kind: KindKey): Map<string, KubeObject> {
    const c = this.caches.get(kind);
    if (!c) throw new Error(`no cache for ${kind}`);
    return c;
  }

  private changed(event: Omit<ChangeEvent, 'revision'>): void {
    this.revision += 1;
    this.cached = undefined;
    if (event.kind) this.arrays.delete(event.kind);
    const full = { ...event, revision: this.revision };
    for (const l of this.listeners) l(full);
  }

  /** Replaces a kind's objects (after a list or relist). */
  replace(kind: KindKey, items: KubeObject[]): void {
    replaceAll(this.cache(kind), items);
    this.statuses[kind] = { state: 'ok', count: items.length };
    this.changed({ type: 'RESYNC', kind });
  }

  /** Applies a watch event; notifies listeners only when the cache changed. */
  event(kind: KindKey, type: WatchEventType, obj: KubeObject): void {
    if (!applyWatchEvent(this.cache(kind), type, obj)) return;
    const status = this.statuses[kind];
    this.statuses[kind] = {
      ...status,
      state: status.state === 'loading' ? 'ok' : status.state,
      count: this.cache(kind).size,
    };
    if (type !== 'BOOKMARK') this.changed({ type, kind, object: obj });
  }

  setStatus(kind: KindKey, status: Omit<KindStatus, 'count'> & { count?: number }): void {
    const prev = this.statuses[kind];
    if (prev.state === status.state && prev.message === status.message) return;
    this.statuses[kind] = { count: status.count ?? this.cache(kind).size, ...status };
    this.changed({ type: 'STATUS', kind });
  }

  snapshot(): ClusterSnapshot {
    if (!this.cached) {
      const resources: ResourceSet = emptyResourceSet();
      for (const k of KINDS) {
        let list = this.arrays.get(k.key);
        if (!list) {
          list = [...this.cache(k.key).values()];
          this.arrays.set(k.key, list);
        }
        resources[k.key] = list;
      }
      this.cached = { resources, kinds: { ...this.statuses }, revision: this.revision };
    }
    return this.cached;
  }

  subscribe(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

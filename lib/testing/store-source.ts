import type { ClusterSource } from '../cluster/source';
import type { ObjectStore } from '../cluster/store';

/**
 * A cluster source over an object store, as the informers fill it, for tests and benchmarks: the
 * background model reads `snapshot`, `subscribe` and, while first lists run, `preview`; every access review it is asked is allowed.
 */
export function storeSource(store: ObjectStore, name = 'test'): ClusterSource {
  return {
    snapshot: () => store.snapshot(),
    subscribe: (l: Parameters<ObjectStore['subscribe']>[0]) => store.subscribe(l),
    preview: () => store.preview(),
    subscribeProgress: (l: () => void) => store.subscribeProgress(l),
    info: () => ({ source: 'kube', name, readOnly: false }),
    canI: async () => ({ allowed: true }),
  } as unknown as ClusterSource;
}

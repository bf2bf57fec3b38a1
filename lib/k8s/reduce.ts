import type { KubeObject } from './objects';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/** Identity of a cached object: its uid, or namespace/name when the object has none. */
export function cacheKey(obj: KubeObject): string {
  return obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/**
 * Applies one watch event to a kind's cache, keyed by `metadata.uid`. Returns whether the cache changed.
 * resourceVersion is opaque: an event is skipped only when it carries the very version already cached.
 */
export function applyWatchEvent(
  cache: Map<string, KubeObject>,
  type: WatchEventType,
  obj: KubeObject,
): boolean {
  if (type === 'BOOKMARK') return false;
  const key = cacheKey(obj);
  if (type === 'DELETED') return cache.delete(key);
  const prev = cache.get(key);
  if (
    prev &&
    prev.metadata.resourceVersion !== undefined &&
    prev.metadata.resourceVersion === obj.metadata.resourceVersion
  ) {
    return false;
  }
  cache.set(key, obj);
  return true;
}

/** Replaces a kind's cache with a fresh list (after a relist): stale objects disappear. */
export function replaceAll(cache: Map<string, KubeObject>, items: KubeObject[]): void {
  cache.clear();
  for (const item of items) cache.set(cacheKey(item), item);
}

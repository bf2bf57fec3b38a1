import type { KubeObject } from './objects';

const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * Removes what the UI never needs before caching (managedFields, last-applied annotations).
 * Returns a new object; the input is not modified.
 */
export function stripObject<T extends KubeObject>(obj: T): T {
  const { managedFields: _mf, ...metadata } = obj.metadata as T['metadata'] & { managedFields?: unknown };
  const original = metadata.annotations;
  let annotations = original;
  if (original && DROPPED_ANNOTATIONS.some((a) => a in original)) {
    const copy = { ...original };
    for (const a of DROPPED_ANNOTATIONS) delete copy[a];
    annotations = copy;
  }
  return { ...obj, metadata: { ...metadata, ...(annotations ? { annotations } : {}) } };
}

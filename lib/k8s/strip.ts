import type { KubeObject } from './objects';

export const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * Removes what the UI never needs before caching (managedFields, last-applied annotations, and
 * the data of Secrets: only their existence is ever read). Returns a new object; the input is not modified.
 */
export function stripObject<T extends KubeObject>(input: T): T {
  const obj = input.kind === 'Secret' ? secretKeysOnly(input) : input;
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

/**
 * {@link stripObject} for an object the caller owns and nothing else holds (one just parsed from a
 * list or watch): `managedFields`, the last member of metadata as the API server writes it, is
 * dropped in place, which keeps metadata's layout compact instead of copying it member by member.
 * Anything else (a Secret, a last-applied annotation, another order) goes through stripObject.
 */
export function stripOwned<T extends KubeObject>(obj: T): T {
  if (obj.kind === 'Secret') return stripObject(obj);
  const metadata = obj.metadata as unknown as Record<string, unknown>;
  const annotations = metadata.annotations as Record<string, unknown> | undefined;
  if (annotations && DROPPED_ANNOTATIONS.some((a) => a in annotations)) return stripObject(obj);
  if (!('managedFields' in metadata)) return obj;
  let last: string | undefined;
  for (const k in metadata) last = k;
  if (last !== 'managedFields') return stripObject(obj);
  delete metadata.managedFields;
  return obj;
}

/** A Secret with its keys kept (which files a CA Secret holds) and every value emptied. */
function secretKeysOnly<T extends KubeObject>(secret: T): T {
  const { data, stringData, ...rest } = secret;
  const keys = [...Object.keys(data ?? {}), ...Object.keys(rec(stringData) ?? {})];
  return { ...rest, data: Object.fromEntries(keys.map((k) => [k, ''])) } as T;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

const SERVER_METADATA = [
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/**
 * An object without what the API server sets (resourceVersion, uid, generation, timestamps,
 * managedFields, last-applied annotation, status): what a person compares or re-creates.
 */
export function withoutServerFields(o: KubeObject): KubeObject {
  const { status: _status, ...rest } = o;
  const metadata: Record<string, unknown> & KubeObject['metadata'] = { ...o.metadata };
  for (const k of SERVER_METADATA) delete metadata[k];
  const annotations = o.metadata.annotations && { ...o.metadata.annotations };
  if (annotations) {
    for (const a of DROPPED_ANNOTATIONS) delete annotations[a];
    metadata.annotations = annotations;
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  return { ...rest, metadata };
}

/**
 * Plain, serialisable Kubernetes object shapes shared by every layer.
 * Domain code reads `spec`/`status` through narrow helpers rather than full generated types.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  generateName?: string;
}

/** Any Kubernetes object. `spec` and `status` stay loosely typed at this layer. */
export interface KubeObject<Spec = Record<string, unknown>, Status = Record<string, unknown>> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
  // ConfigMap data, Secret data, etc.
  data?: Record<string, string>;
  [extra: string]: unknown;
}

/** `namespace/name` or `name` for cluster-scoped objects. */
export function objectKey(obj: { metadata: { name: string; namespace?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/** `Kind/namespace/name`, the form used in warnings, findings and audit records. */
export function objectRef(obj: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `${obj.kind}/${objectKey(obj)}`;
}

export function labelsOf(obj: { metadata: ObjectMeta }): Record<string, string> {
  return obj.metadata.labels ?? {};
}

export function annotationsOf(obj: { metadata: ObjectMeta }): Record<string, string> {
  return obj.metadata.annotations ?? {};
}

/** True when every key/value of `selector` is present in `labels` (matchLabels semantics). */
export function selectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  const l = labels ?? {};
  return entries.every(([k, v]) => l[k] === v);
}

/**
 * Whether two JSON values are equal: objects key by key (a key holding undefined counts as absent),
 * arrays in order, scalars by identity. Loops without allocating: it runs for every part of every
 * pod decoded from a list (`StringPool.shared`).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    if (!deepEqual(x[k], y[k])) return false;
    n++;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}

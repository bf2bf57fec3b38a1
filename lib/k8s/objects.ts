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

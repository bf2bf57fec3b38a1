import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject, OwnerReference } from '../k8s/objects';
import { type ClusterIndex, indexOf } from '../model/cluster-index';
import { rec, strMap } from './fields';
import { classifyPod, type PodClassification, type PodDataplane } from './pod';

/** Identity of a workload: the top-level controller that owns a set of pods (or a bare pod). */
export interface WorkloadRef {
  namespace: string;
  kind: string;
  name: string;
}

/** A workload and its pods; `object` is the controller when it was listed. */
export interface WorkloadGroup {
  ref: WorkloadRef;
  object?: KubeObject;
  pods: KubeObject[];
}

/** Pod counts per data plane. */
export interface DataplaneCounts {
  sidecar: number;
  ambient: number;
  ambientPending: number;
  none: number;
  total: number;
}

/** Aggregated data plane of a workload's pods. */
export interface WorkloadClassification {
  dataplane: PodDataplane;
  reason: string;
  counts: DataplaneCounts;
}

/** Stable id used across views and graph nodes: `Kind/namespace/name`. */
export function workloadId(ref: WorkloadRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function emptyCounts(): DataplaneCounts {
  return { sidecar: 0, ambient: 0, ambientPending: 0, none: 0, total: 0 };
}

/** Adds one pod's data plane to a counter, in place. */
export function countDataplane(counts: DataplaneCounts, dataplane: PodDataplane): void {
  counts.total += 1;
  if (dataplane === 'sidecar') counts.sidecar += 1;
  else if (dataplane === 'ambient') counts.ambient += 1;
  else if (dataplane === 'ambient-pending') counts.ambientPending += 1;
  else counts.none += 1;
}

function controllerOf(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs || refs.length === 0) return undefined;
  return refs.find((r) => r.controller) ?? refs[0];
}

const nsName = (ns: string, name: string) => `${ns}/${name}`;

/** Resolves ReplicaSets to their Deployments; built once per cluster. */
export class OwnerResolver {
  private readonly rsByUid = new Map<string, KubeObject>();
  private readonly rsByName = new Map<string, KubeObject>();

  constructor(replicasets: KubeObject[]) {
    for (const rs of replicasets) {
      if (rs.metadata.uid) this.rsByUid.set(rs.metadata.uid, rs);
      this.rsByName.set(nsName(rs.metadata.namespace ?? '', rs.metadata.name), rs);
    }
  }

  /** The top-level workload owning a pod: Pod → ReplicaSet → Deployment, StatefulSet, DaemonSet, Job, or the pod itself. */
  workloadOf(pod: KubeObject): WorkloadRef {
    const namespace = pod.metadata.namespace ?? '';
    const owner = controllerOf(pod);
    if (!owner) return { namespace, kind: 'Pod', name: pod.metadata.name };
    if (owner.kind !== 'ReplicaSet') return { namespace, kind: owner.kind, name: owner.name };
    const rs = this.rsByUid.get(owner.uid) ?? this.rsByName.get(nsName(namespace, owner.name));
    if (rs) {
      const rsOwner = controllerOf(rs);
      return rsOwner
        ? { namespace, kind: rsOwner.kind, name: rsOwner.name }
        : { namespace, kind: 'ReplicaSet', name: rs.metadata.name };
    }
    // ReplicaSets may be unlisted (RBAC, partial dumps): Deployments name them `<deployment>-<pod-template-hash>`.
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      return { namespace, kind: 'Deployment', name: owner.name.slice(0, -(hash.length + 1)) };
    }
    return { namespace, kind: 'ReplicaSet', name: owner.name };
  }
}

/** The owner resolver of a snapshot, built once per index. */
export function ownersOf(ix: ClusterIndex): OwnerResolver {
  return ix.memo('owners', () => new OwnerResolver(ix.resources.replicasets), ['replicasets']);
}

/**
 * Groups pods by owning workload. Deployments, StatefulSets and DaemonSets without pods are kept
 * (with no pods) so scaled-to-zero workloads still show up. Order: namespace, kind, name.
 */
export function groupWorkloads(resources: ResourceSet): WorkloadGroup[] {
  const ix = indexOf(resources);
  const namespaces = new Set<string>();
  for (const k of WORKLOAD_KINDS) for (const ns of ix.namespacesWith(k)) namespaces.add(ns);
  return [...namespaces].sort(cmp).flatMap((ns) => groupWorkloadsIn(ix, ns));
}

const WORKLOAD_KINDS = ['pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets'] as const;

/** {@link groupWorkloads} for one namespace: costs what the namespace holds. Order: kind, name. */
export function groupWorkloadsIn(ix: ClusterIndex, ns: string): WorkloadGroup[] {
  const resolver = ownersOf(ix);
  const groups = new Map<string, WorkloadGroup>();
  for (const k of ['deployments', 'statefulsets', 'daemonsets'] as const) {
    for (const obj of ix.all(k, ns)) {
      const ref = { namespace: ns, kind: obj.kind, name: obj.metadata.name };
      groups.set(workloadId(ref), { ref, object: obj, pods: [] });
    }
  }
  // Standalone ReplicaSets (no owner) are workloads of their own.
  for (const rs of ix.all('replicasets', ns)) {
    if (controllerOf(rs)) continue;
    const ref = { namespace: ns, kind: 'ReplicaSet', name: rs.metadata.name };
    groups.set(workloadId(ref), { ref, object: rs, pods: [] });
  }
  // Pods of one ReplicaSet/StatefulSet share the owner uid: resolve each owner once.
  const byOwnerUid = new Map<string, WorkloadGroup>();
  for (const pod of ix.all('pods', ns)) {
    const ownerUid = controllerOf(pod)?.uid;
    let g = ownerUid ? byOwnerUid.get(ownerUid) : undefined;
    if (!g) {
      const ref = resolver.workloadOf(pod);
      const id = workloadId(ref);
      g = groups.get(id);
      if (!g) {
        g = { ref, object: ref.kind === 'Pod' ? pod : undefined, pods: [] };
        groups.set(id, g);
      }
      if (ownerUid) byOwnerUid.set(ownerUid, g);
    }
    g.pods.push(pod);
  }
  return [...groups.values()].sort(compareGroups);
}

/** Code-point order: stable across locales and much faster than localeCompare on large lists. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareGroups(a: WorkloadGroup, b: WorkloadGroup): number {
  return cmp(a.ref.namespace, b.ref.namespace) || cmp(a.ref.kind, b.ref.kind) || cmp(a.ref.name, b.ref.name);
}

/** Pod-template labels of a controller, used when it has no pods to match selectors against. */
export function templateLabels(obj: KubeObject | undefined): Record<string, string> | undefined {
  return strMap(rec(rec(rec(obj?.spec)?.template)?.metadata)?.labels);
}

/** Rank from least to most migrated: a mixed workload reports its least migrated pods. */
const MIGRATION_RANK: Record<PodDataplane, number> = {
  none: 0,
  sidecar: 1,
  'ambient-pending': 2,
  ambient: 3,
};

/**
 * Aggregates pod classifications into one workload value. Mixed workloads take the least migrated
 * value (none < sidecar < ambient-pending < ambient) and a reason with counts.
 */
export function aggregateClassifications(pods: readonly PodClassification[]): WorkloadClassification {
  const counts = emptyCounts();
  if (pods.length === 0) return { dataplane: 'none', reason: 'no pods running', counts };
  let least: PodClassification | undefined;
  for (const p of pods) {
    countDataplane(counts, p.dataplane);
    if (!least || MIGRATION_RANK[p.dataplane] < MIGRATION_RANK[least.dataplane]) least = p;
  }
  if (!least || isUniform(counts)) {
    const first = pods[0] as PodClassification;
    return { dataplane: first.dataplane, reason: first.reason, counts };
  }
  const parts: string[] = [];
  if (counts.sidecar) parts.push(`${counts.sidecar} sidecar`);
  if (counts.ambient) parts.push(`${counts.ambient} ambient`);
  if (counts.ambientPending) parts.push(`${counts.ambientPending} ambient-pending`);
  if (counts.none) parts.push(`${counts.none} none`);
  return { dataplane: least.dataplane, reason: `mixed pods: ${parts.join(', ')}; ${least.reason}`, counts };
}

function isUniform(c: DataplaneCounts): boolean {
  return [c.sidecar, c.ambient, c.ambientPending, c.none].filter((n) => n > 0).length <= 1;
}

/** Classifies a workload from its pods (see {@link aggregateClassifications}). */
export function classifyWorkload(
  pods: readonly KubeObject[],
  namespace: KubeObject | undefined,
): WorkloadClassification {
  return aggregateClassifications(pods.map((p) => classifyPod(p, namespace)));
}

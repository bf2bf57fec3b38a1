import type { ResourceSet } from '../cluster/snapshot';
import { num, rec } from '../mesh/fields';
import { classifyPod, meshProxyKind } from '../mesh/pod';
import { groupWorkloadsIn, workloadId } from '../mesh/workloads';
import { indexOf } from '../model/cluster-index';

/** How far one workload's restart has gone: pods recreated without a sidecar, ready, captured by ztunnel. */
export interface WorkloadRollout {
  /** `Kind/namespace/name`. */
  id: string;
  kind: string;
  name: string;
  /** Replicas the controller wants (pods listed for a DaemonSet). */
  desired: number;
  /** Pods without a sidecar. */
  recreated: number;
  ready: number;
  /** Pods with `ambient.istio.io/redirection: enabled`. */
  captured: number;
  /** Pods still carrying a sidecar. */
  sidecar: number;
  done: boolean;
}

const isReady = (pod: { status?: unknown }) =>
  (rec(pod.status)?.conditions as { type?: string; status?: string }[] | undefined)?.some(
    (c) => c.type === 'Ready' && c.status === 'True',
  ) ?? false;

/**
 * Restart progress of every Deployment, StatefulSet and DaemonSet of a namespace, from the pods
 * the cluster reports now. Pure: the UI polls it while an enrolment's restarts roll out.
 */
export function rolloutProgress(resources: ResourceSet, ns: string): WorkloadRollout[] {
  const ix = indexOf(resources);
  const nsObj = ix.namespace(ns);
  const kinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
  return (
    groupWorkloadsIn(ix, ns)
      .filter((g) => kinds.has(g.ref.kind))
      // Waypoint and gateway proxies are mesh infrastructure, not workloads that move.
      .filter(
        (g) =>
          !g.pods.some((p) => meshProxyKind(p)) &&
          !g.object?.metadata.labels?.['gateway.networking.k8s.io/gateway-name'],
      )
      .map((g) => {
        const pods = g.pods.filter((p) => !p.metadata.deletionTimestamp);
        const classes = pods.map((p) => classifyPod(p, nsObj).dataplane);
        const replicas = num(rec(g.object?.spec)?.replicas);
        const desired = g.ref.kind === 'DaemonSet' ? pods.length : (replicas ?? 1);
        const recreated = classes.filter((c) => c !== 'sidecar' && c !== 'ambient-pending').length;
        const captured = classes.filter((c) => c === 'ambient').length;
        const ready = pods.filter(isReady).length;
        const sidecar = pods.length - recreated;
        return {
          id: workloadId(g.ref),
          kind: g.ref.kind,
          name: g.ref.name,
          desired,
          recreated,
          ready,
          captured,
          sidecar,
          done: sidecar === 0 && captured >= desired && pods.length === desired,
        };
      })
  );
}

import type { ResourceSet } from '../cluster/snapshot';
import { kindByKey } from '../k8s/kinds';
import { rec, strMap } from '../mesh/fields';
import {
  DATAPLANE_MODE_LABEL,
  INJECTION_LABEL,
  REVISION_LABEL,
  SIDECAR_INJECT,
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
} from '../mesh/labels';
import { indexOf } from '../model/cluster-index';
import { sidecarWorkloads } from './resources';
import type { PlannedPatch, TargetRef } from './types';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

const namespaceTarget = (ns: string): TargetRef => ({ apiVersion: 'v1', kind: 'Namespace', name: ns });

/** Patch putting `istio.io/use-waypoint` (and `-namespace` across namespaces) on the namespace; undefined when already set. */
export function waypointLabelPatch(
  resources: ResourceSet,
  ns: string,
  waypoint: { name: string; namespace: string },
): PlannedPatch | undefined {
  const labels = indexOf(resources).namespace(ns)?.metadata.labels ?? {};
  const wanted: Record<string, string | null> = { [USE_WAYPOINT_LABEL]: waypoint.name };
  if (waypoint.namespace !== ns) wanted[USE_WAYPOINT_NAMESPACE_LABEL] = waypoint.namespace;
  else if (labels[USE_WAYPOINT_NAMESPACE_LABEL] !== undefined) wanted[USE_WAYPOINT_NAMESPACE_LABEL] = null;
  const changes = Object.entries(wanted).filter(([k, v]) => (labels[k] ?? null) !== v);
  if (changes.length === 0) return undefined;
  return {
    target: namespaceTarget(ns),
    patch: { metadata: { labels: Object.fromEntries(changes) } },
    description: `label namespace ${ns} ${USE_WAYPOINT_LABEL}=${waypoint.name}${waypoint.namespace !== ns ? ` ${USE_WAYPOINT_NAMESPACE_LABEL}=${waypoint.namespace}` : ''}`,
  };
}

/** Patch putting `istio.io/dataplane-mode=ambient` on the namespace; undefined when already set. */
export function ambientPatch(resources: ResourceSet, ns: string): PlannedPatch | undefined {
  const labels = indexOf(resources).namespace(ns)?.metadata.labels ?? {};
  if (labels[DATAPLANE_MODE_LABEL] === 'ambient') return undefined;
  return {
    target: namespaceTarget(ns),
    patch: { metadata: { labels: { [DATAPLANE_MODE_LABEL]: 'ambient' } } },
    description: `label namespace ${ns} ${DATAPLANE_MODE_LABEL}=ambient`,
  };
}

const WORKLOAD_KINDS = ['deployments', 'statefulsets', 'daemonsets'] as const;

/**
 * Patches removing sidecar-injection intent: `istio-injection` / `istio.io/rev` on the namespace,
 * and `sidecar.istio.io/inject=true` / `istio.io/rev` on pod templates (either would inject again).
 */
export function removeInjectionPatches(resources: ResourceSet, ns: string): PlannedPatch[] {
  const out: PlannedPatch[] = [];
  const labels = indexOf(resources).namespace(ns)?.metadata.labels ?? {};
  const nsRemove = [INJECTION_LABEL, REVISION_LABEL].filter(
    (k) => labels[k] !== undefined && !(k === INJECTION_LABEL && labels[k] === 'disabled'),
  );
  if (nsRemove.length) {
    out.push({
      target: namespaceTarget(ns),
      patch: { metadata: { labels: Object.fromEntries(nsRemove.map((k) => [k, null])) } },
      description: `remove ${nsRemove.join(', ')} from namespace ${ns}`,
    });
  }
  for (const key of WORKLOAD_KINDS) {
    const d = kindByKey(key);
    for (const w of indexOf(resources).objects(key, ns)) {
      const meta = rec(rec(rec(w.spec)?.template)?.metadata);
      const tLabels = strMap(meta?.labels) ?? {};
      const tAnnotations = strMap(meta?.annotations) ?? {};
      const labelKeys = [SIDECAR_INJECT, REVISION_LABEL].filter(
        (k) => tLabels[k] !== undefined && tLabels[k] !== 'false',
      );
      const annotationKeys = tAnnotations[SIDECAR_INJECT] === 'true' ? [SIDECAR_INJECT] : [];
      if (labelKeys.length === 0 && annotationKeys.length === 0) continue;
      const metadata: Record<string, unknown> = {};
      if (labelKeys.length) metadata.labels = Object.fromEntries(labelKeys.map((k) => [k, null]));
      if (annotationKeys.length)
        metadata.annotations = Object.fromEntries(annotationKeys.map((k) => [k, null]));
      out.push({
        target: { apiVersion: `${d.group}/${d.version}`, kind: d.kind, namespace: ns, name: w.metadata.name },
        patch: { spec: { template: { metadata } } },
        description: `remove ${[...labelKeys, ...annotationKeys].join(', ')} from the pod template of ${d.kind} ${w.metadata.name} (rolls its pods)`,
      });
    }
  }
  return out;
}

/** Merge patches that roll every Deployment, StatefulSet and DaemonSet with sidecar pods (as `kubectl rollout restart`). */
export function restartPatches(resources: ResourceSet, ns: string, restartedAt: string): PlannedPatch[] {
  const out: PlannedPatch[] = [];
  for (const w of sidecarWorkloads(resources, ns)) {
    const key = WORKLOAD_KINDS.find((k) => kindByKey(k).kind === w.ref.kind);
    if (!key) continue;
    const d = kindByKey(key);
    out.push({
      target: { apiVersion: `${d.group}/${d.version}`, kind: d.kind, namespace: ns, name: w.ref.name },
      patch: {
        spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } },
      },
      description: `restart ${d.kind} ${w.ref.name} (${w.pods.length} sidecar pod(s))`,
    });
  }
  return out;
}

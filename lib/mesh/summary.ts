import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { detectControlPlane } from './control-plane';
import { arr, rec, str, strMap } from './fields';
import { GATEWAY_NAME_LABEL, INGRESS_USE_WAYPOINT_LABEL, label } from './labels';
import { namespaceIntent, namespaceState, percentages } from './namespace';
import { classifyPod, type PodClassification, type PodDataplane } from './pod';
import { LabelIndex } from './selection';
import type { ClusterSummary, NamespaceView, ServiceView, WorkloadView } from './views';
import {
  buildWaypointIndex,
  refKey,
  resolveWaypoint,
  type WaypointIndex,
  type WaypointResolution,
} from './waypoints';
import {
  aggregateClassifications,
  cmp,
  emptyCounts,
  groupWorkloads,
  templateLabels,
  type WorkloadGroup,
  workloadId,
} from './workloads';

const RANK: Record<PodDataplane, number> = { none: 0, sidecar: 1, 'ambient-pending': 2, ambient: 3 };

function waypointFields(r: WaypointResolution) {
  return {
    waypoint: r.waypoint ?? null,
    waypointSource: r.source,
    ...(r.problem ? { waypointProblem: r.problem } : {}),
  };
}

/** `{ waypointOf }` when labels mark a waypoint's proxy (pods or Service), else `{}`. */
function waypointOf(labels: Record<string, string> | undefined, namespace: string, index: WaypointIndex) {
  const name = labels?.[GATEWAY_NAME_LABEL];
  return name && index.waypoints.has(`${namespace}/${name}`) ? { waypointOf: { namespace, name } } : {};
}

function workloadViews(
  groups: WorkloadGroup[],
  nsByName: Map<string, KubeObject>,
  index: WaypointIndex,
): WorkloadView[] {
  return groups.map((g) => {
    const ns = nsByName.get(g.ref.namespace);
    const classes: PodClassification[] = g.pods.map((p) => classifyPod(p, ns));
    const agg = aggregateClassifications(classes);
    const sample: KubeObject = g.pods[0] ?? {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: g.ref.name, namespace: g.ref.namespace, labels: templateLabels(g.object) ?? {} },
    };
    return {
      id: workloadId(g.ref),
      namespace: g.ref.namespace,
      kind: g.ref.kind,
      name: g.ref.name,
      dataplane: agg.dataplane,
      reason: agg.reason,
      pods: agg.counts,
      ...waypointFields(resolveWaypoint(sample, 'workload', index)),
      services: [],
      hostNetwork: g.pods.length > 0 && g.pods.every((p) => rec(p.spec)?.hostNetwork === true),
      ...waypointOf(sample.metadata.labels, g.ref.namespace, index),
    };
  });
}

function selectorIndex(groups: WorkloadGroup[]): LabelIndex {
  const index = new LabelIndex();
  groups.forEach((g, i) => {
    if (g.pods.length === 0) index.add(g.ref.namespace, templateLabels(g.object), i);
    for (const p of g.pods) index.add(g.ref.namespace, p.metadata.labels, i);
  });
  return index;
}

function serviceView(
  obj: KubeObject,
  kind: 'Service' | 'ServiceEntry',
  selected: Set<number>,
  workloads: WorkloadView[],
  index: WaypointIndex,
): ServiceView {
  const namespace = obj.metadata.namespace ?? '';
  const spec = rec(obj.spec);
  const selector = kind === 'Service' ? strMap(spec?.selector) : strMap(rec(spec?.workloadSelector)?.labels);
  const id = `${kind}/${namespace}/${obj.metadata.name}`;
  const ids: string[] = [];
  let dataplane: PodDataplane | undefined;
  for (const i of selected) {
    const w = workloads[i];
    if (!w) continue;
    ids.push(w.id);
    w.services.push(id);
    if (!dataplane || RANK[w.dataplane] < RANK[dataplane]) dataplane = w.dataplane;
  }
  const hosts =
    kind === 'Service'
      ? [`${obj.metadata.name}.${namespace}.svc.cluster.local`]
      : arr(spec?.hosts).filter((h): h is string => typeof h === 'string');
  const wp = resolveWaypoint(obj, 'service', index);
  const view: ServiceView = {
    id,
    kind,
    namespace,
    name: obj.metadata.name,
    hosts,
    external: kind === 'ServiceEntry' && str(spec?.location) !== 'MESH_INTERNAL',
    workloads: ids.sort(),
    dataplane: dataplane ?? 'none',
    ...waypointFields(wp),
    waypointReason: wp.reason,
    // The Service label wins; otherwise the namespace label applies.
    ingressUsesWaypoint:
      (label(obj, INGRESS_USE_WAYPOINT_LABEL) ??
        label(index.namespaces.get(namespace), INGRESS_USE_WAYPOINT_LABEL)) === 'true',
  };
  if (selector) view.selector = selector;
  Object.assign(view, waypointOf({ ...selector, ...obj.metadata.labels }, namespace, index));
  return view;
}

/**
 * Classifies every pod, workload, Service and namespace and detects the control plane, in one
 * pass with indexes (linear in cluster size). The result is what the UI and the CLI render.
 */
export function summarizeCluster(resources: ResourceSet): ClusterSummary {
  const nsByName = new Map(resources.namespaces.map((n) => [n.metadata.name, n]));
  const wpIndex = buildWaypointIndex(resources);
  const groups = groupWorkloads(resources);
  const workloads = workloadViews(groups, nsByName, wpIndex);
  const labels = selectorIndex(groups);
  const services: ServiceView[] = [];
  for (const s of resources.services) {
    const sel = strMap(rec(s.spec)?.selector);
    services.push(
      serviceView(s, 'Service', labels.matchOwners(s.metadata.namespace ?? '', sel), workloads, wpIndex),
    );
  }
  for (const se of resources.serviceentries) {
    const sel = strMap(rec(rec(se.spec)?.workloadSelector)?.labels);
    services.push(
      serviceView(
        se,
        'ServiceEntry',
        labels.matchOwners(se.metadata.namespace ?? '', sel),
        workloads,
        wpIndex,
      ),
    );
  }
  services.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.id, b.id));
  for (const w of workloads) w.services.sort();
  const waypoints = [...wpIndex.waypoints.values()].sort((a, b) => cmp(refKey(a), refKey(b)));
  const namespaces = namespaceViews(nsByName, workloads, services, wpIndex);
  const pods = emptyCounts();
  for (const n of namespaces) {
    pods.sidecar += n.pods.sidecar;
    pods.ambient += n.pods.ambient;
    pods.ambientPending += n.pods.ambientPending;
    pods.none += n.pods.none;
    pods.total += n.pods.total;
  }
  return { namespaces, workloads, services, waypoints, controlPlane: detectControlPlane(resources), pods };
}

function namespaceViews(
  nsByName: Map<string, KubeObject>,
  workloads: WorkloadView[],
  services: ServiceView[],
  wpIndex: WaypointIndex,
): NamespaceView[] {
  const names = new Set(nsByName.keys());
  // Users who cannot list namespaces still see the ones their pods live in.
  for (const w of workloads) names.add(w.namespace);
  const views = new Map<string, NamespaceView>();
  for (const name of [...names].sort()) {
    const ns = nsByName.get(name);
    const nsWaypoint = resolveWaypoint(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '', namespace: name } },
      'service',
      wpIndex,
    );
    const view: NamespaceView = {
      name,
      state: 'out-of-mesh',
      pods: emptyCounts(),
      percent: { sidecar: 0, ambient: 0, ambientPending: 0, none: 0 },
      waypoint: nsWaypoint.waypoint ?? null,
      waypoints: [],
      intent: namespaceIntent(ns),
      workloads: 0,
      services: 0,
    };
    if (nsWaypoint.problem) view.waypointProblem = nsWaypoint.problem;
    views.set(name, view);
  }
  for (const w of workloads) {
    const v = views.get(w.namespace);
    if (!v) continue;
    v.workloads += 1;
    addCounts(v, w);
  }
  const l7 = new Set<string>();
  for (const s of services) {
    const v = views.get(s.namespace);
    if (v) v.services += 1;
    if (s.waypoint) l7.add(s.namespace);
  }
  for (const wp of wpIndex.waypoints.values())
    views.get(wp.namespace)?.waypoints.push({ namespace: wp.namespace, name: wp.name });
  for (const v of views.values()) {
    v.percent = percentages(v.pods);
    v.state = namespaceState(v.pods, {
      ambientIntent: v.intent.dataplaneMode === 'ambient',
      usesWaypoint: v.waypoint !== null || l7.has(v.name),
    });
  }
  return [...views.values()];
}

function addCounts(v: NamespaceView, w: WorkloadView): void {
  v.pods.sidecar += w.pods.sidecar;
  v.pods.ambient += w.pods.ambient;
  v.pods.ambientPending += w.pods.ambientPending;
  v.pods.none += w.pods.none;
  v.pods.total += w.pods.total;
}

import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { indexOf } from '../model/cluster-index';
import { controlPlaneOf } from './control-plane';
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
  groupWorkloadsIn,
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

/** What every namespace's summary reads from the whole cluster: the waypoints and the namespaces. */
export interface SummaryShared {
  nsByName: Map<string, KubeObject>;
  waypoints: WaypointIndex;
}

/** Builds the cluster-wide part once per snapshot. */
export function summaryShared(resources: ResourceSet): SummaryShared {
  return indexOf(resources).memo(
    'summary-shared',
    () => ({
      nsByName: new Map(resources.namespaces.map((n) => [n.metadata.name, n])),
      waypoints: buildWaypointIndex(resources),
    }),
    ['namespaces', 'gateways', 'gatewayclasses'],
  );
}

/** One namespace's part of the summary; `view` is absent for a namespace with only Services. */
export interface NamespaceSummary {
  name: string;
  view?: NamespaceView;
  workloads: WorkloadView[];
  services: ServiceView[];
}

/** Namespaces the summary covers: listed ones, plus those holding workloads or Services. */
export function summaryNamespaces(resources: ResourceSet): string[] {
  const ix = indexOf(resources);
  const names = new Set(resources.namespaces.map((n) => n.metadata.name));
  for (const k of ['pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets'] as const)
    for (const ns of ix.namespacesWith(k)) names.add(ns);
  for (const k of ['services', 'serviceentries'] as const)
    for (const ns of ix.namespacesWith(k)) names.add(ns);
  return [...names].sort(cmp);
}

/**
 * Classifies the pods, workloads and Services of one namespace. Costs what the namespace holds,
 * so a change recomputes only its namespace.
 */
export function summarizeNamespace(resources: ResourceSet, ns: string): NamespaceSummary {
  const ix = indexOf(resources);
  const shared = summaryShared(resources);
  const groups = groupWorkloadsIn(ix, ns);
  const workloads = workloadViews(groups, shared.nsByName, shared.waypoints);
  const labels = selectorIndex(groups);
  const services: ServiceView[] = [];
  for (const s of ix.all('services', ns)) {
    const sel = strMap(rec(s.spec)?.selector);
    services.push(serviceView(s, 'Service', labels.matchOwners(ns, sel), workloads, shared.waypoints));
  }
  for (const se of ix.all('serviceentries', ns)) {
    const sel = strMap(rec(rec(se.spec)?.workloadSelector)?.labels);
    services.push(serviceView(se, 'ServiceEntry', labels.matchOwners(ns, sel), workloads, shared.waypoints));
  }
  services.sort((a, b) => cmp(a.id, b.id));
  for (const w of workloads) w.services.sort();
  // Users who cannot list namespaces still see the ones their pods live in.
  const listed = shared.nsByName.has(ns) || workloads.length > 0;
  const out: NamespaceSummary = { name: ns, workloads, services };
  if (listed) out.view = namespaceView(ns, shared, workloads, services);
  return out;
}

/** The cluster-wide parts of the summary and the pod counts summed over namespace parts. */
export function combineCounts(
  resources: ResourceSet,
  parts: readonly NamespaceSummary[],
): Pick<ClusterSummary, 'waypoints' | 'controlPlane' | 'pods'> {
  const shared = summaryShared(resources);
  const pods = emptyCounts();
  for (const p of parts) {
    if (!p.view) continue;
    pods.sidecar += p.view.pods.sidecar;
    pods.ambient += p.view.pods.ambient;
    pods.ambientPending += p.view.pods.ambientPending;
    pods.none += p.view.pods.none;
    pods.total += p.view.pods.total;
  }
  const waypoints = [...shared.waypoints.waypoints.values()].sort((a, b) => cmp(refKey(a), refKey(b)));
  return { waypoints, controlPlane: controlPlaneOf(resources), pods };
}

/** Joins namespace parts (in namespace order) with the cluster-wide parts into the summary. */
export function combineSummary(
  resources: ResourceSet,
  parts: readonly NamespaceSummary[],
  counts: Pick<ClusterSummary, 'waypoints' | 'controlPlane' | 'pods'> = combineCounts(resources, parts),
): ClusterSummary {
  const namespaces: NamespaceView[] = [];
  const workloads: WorkloadView[] = [];
  const services: ServiceView[] = [];
  for (const p of parts) {
    for (const w of p.workloads) workloads.push(w);
    for (const s of p.services) services.push(s);
    if (p.view) namespaces.push(p.view);
  }
  return { namespaces, workloads, services, ...counts };
}

/**
 * Classifies every pod, workload, Service and namespace and detects the control plane, in one
 * pass with indexes (linear in cluster size). The result is what the UI and the CLI render.
 */
export function summarizeCluster(resources: ResourceSet): ClusterSummary {
  return combineSummary(
    resources,
    summaryNamespaces(resources).map((ns) => summarizeNamespace(resources, ns)),
  );
}

function namespaceView(
  name: string,
  shared: SummaryShared,
  workloads: WorkloadView[],
  services: ServiceView[],
): NamespaceView {
  const nsWaypoint = resolveWaypoint(
    { apiVersion: 'v1', kind: 'Service', metadata: { name: '', namespace: name } },
    'service',
    shared.waypoints,
  );
  const view: NamespaceView = {
    name,
    state: 'out-of-mesh',
    pods: emptyCounts(),
    percent: { sidecar: 0, ambient: 0, ambientPending: 0, none: 0 },
    waypoint: nsWaypoint.waypoint ?? null,
    waypoints: [],
    intent: namespaceIntent(shared.nsByName.get(name)),
    workloads: workloads.length,
    services: services.length,
  };
  if (nsWaypoint.problem) view.waypointProblem = nsWaypoint.problem;
  for (const w of workloads) addCounts(view, w);
  for (const wp of shared.waypoints.waypoints.values())
    if (wp.namespace === name) view.waypoints.push({ namespace: wp.namespace, name: wp.name });
  view.percent = percentages(view.pods);
  view.state = namespaceState(view.pods, {
    ambientIntent: view.intent.dataplaneMode === 'ambient',
    usesWaypoint: view.waypoint !== null || services.some((s) => s.waypoint),
  });
  return view;
}

function addCounts(v: NamespaceView, w: WorkloadView): void {
  v.pods.sidecar += w.pods.sidecar;
  v.pods.ambient += w.pods.ambient;
  v.pods.ambientPending += w.pods.ambientPending;
  v.pods.none += w.pods.none;
  v.pods.total += w.pods.total;
}

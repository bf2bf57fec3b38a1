import type { ResourceSet } from '../cluster/snapshot';
import { conditionsOf, rec, str } from '../mesh/fields';
import type { PodDataplane } from '../mesh/pod';
import type { ClusterSummary, ServiceView, WorkloadView } from '../mesh/views';
import { isWaypointGateway } from '../mesh/waypoints';
import type { DataplaneCounts } from '../mesh/workloads';
import { nodeIds } from './ids';
import type { GraphDataplane, GraphNode } from './types';

function isMixed(c: DataplaneCounts): boolean {
  return [c.sidecar, c.ambient, c.ambientPending, c.none].filter((n) => n > 0).length > 1;
}

/** Maps a pod data plane to the graph's colour, given whether a waypoint covers it. */
export function graphDataplane(d: PodDataplane, covered: boolean): GraphDataplane {
  if (d === 'sidecar') return 'sidecar';
  if (d === 'ambient') return covered ? 'waypoint-covered' : 'ztunnel';
  if (d === 'ambient-pending') return 'pending';
  return 'none';
}

const BADGE: Record<GraphDataplane, string> = {
  sidecar: 'sidecar',
  ztunnel: 'ztunnel',
  'waypoint-covered': 'waypoint',
  none: 'no-mesh',
  mixed: 'mixed',
  pending: 'pending',
};

function workloadNode(w: WorkloadView, covered: boolean): GraphNode {
  const dataplane = isMixed(w.pods) ? 'mixed' : graphDataplane(w.dataplane, covered);
  const badges = [BADGE[dataplane]];
  if (w.kind !== 'Deployment') badges.push(w.kind);
  if (w.pods.total === 0) badges.push('no-pods');
  if (w.hostNetwork) badges.push('host-network');
  if (w.waypoint) badges.push(`waypoint:${w.waypoint.name}`);
  if (w.waypointProblem) badges.push('waypoint-problem');
  return {
    id: nodeIds.workload(w.id),
    type: 'workload',
    namespace: w.namespace,
    name: w.name,
    dataplane,
    label: w.name,
    badges,
    detail: w.waypointProblem ? `${w.reason}; ${w.waypointProblem}` : w.reason,
    ref: w.id,
  };
}

function serviceNode(s: ServiceView, workloadNodes: Map<string, GraphNode>): GraphNode {
  const planes = new Set<GraphDataplane>();
  for (const id of s.workloads) {
    const n = workloadNodes.get(nodeIds.workload(id));
    if (n) planes.add(n.dataplane);
  }
  let dataplane: GraphDataplane = planes.size > 1 ? 'mixed' : ([...planes][0] ?? 'none');
  if (dataplane === 'ztunnel' && s.waypoint) dataplane = 'waypoint-covered';
  const badges = [BADGE[dataplane]];
  if (s.waypoint) badges.push(`waypoint:${s.waypoint.name}`);
  if (s.waypointProblem) badges.push('waypoint-problem');
  if (s.ingressUsesWaypoint) badges.push('ingress-waypoint');
  if (s.selector && s.workloads.length === 0) badges.push('no-endpoints');
  const node: GraphNode = {
    id:
      s.kind === 'Service' ? nodeIds.service(s.namespace, s.name) : nodeIds.serviceEntry(s.namespace, s.name),
    type: s.kind === 'Service' ? 'service' : 'external',
    namespace: s.namespace,
    name: s.name,
    dataplane,
    label: s.kind === 'Service' ? s.name : (s.hosts[0] ?? s.name),
    badges:
      s.kind === 'Service'
        ? badges
        : ['service-entry', s.external ? 'mesh-external' : 'mesh-internal', ...badges.slice(1)],
    ref: s.id,
  };
  if (s.waypointProblem) node.detail = s.waypointProblem;
  return node;
}

/**
 * Every node the cluster yields before filtering: workloads, Services, ServiceEntries, waypoints
 * and ingress gateways. A waypoint's own proxy Deployment and Service fold into its waypoint node.
 */
export function baseNodes(resources: ResourceSet, summary: ClusterSummary): Map<string, GraphNode> {
  const nodes = new Map<string, GraphNode>();
  const covered = new Set<string>();
  for (const s of summary.services) if (s.waypoint) for (const w of s.workloads) covered.add(w);
  for (const w of summary.workloads) {
    if (w.waypointOf) continue;
    const n = workloadNode(w, w.waypoint !== null || covered.has(w.id));
    nodes.set(n.id, n);
  }
  for (const s of summary.services) {
    if (s.waypointOf) continue;
    const n = serviceNode(s, nodes);
    nodes.set(n.id, n);
  }
  for (const wp of summary.waypoints) {
    const badges = [`for:${wp.trafficType}`];
    if (!wp.programmed) badges.push('not-programmed');
    const n: GraphNode = {
      id: nodeIds.waypoint(wp.namespace, wp.name),
      type: 'waypoint',
      namespace: wp.namespace,
      name: wp.name,
      dataplane: 'none',
      label: wp.name,
      badges,
      ref: `Gateway/${wp.namespace}/${wp.name}`,
    };
    if (wp.problems.length > 0) n.detail = wp.problems.join('; ');
    nodes.set(n.id, n);
  }
  for (const g of resources.istiogateways) {
    const ns = g.metadata.namespace ?? '';
    const id = nodeIds.istioGateway(ns, g.metadata.name);
    nodes.set(
      id,
      ingress(
        id,
        ns,
        g.metadata.name,
        ['istio-gateway'],
        `Gateway.networking.istio.io/${ns}/${g.metadata.name}`,
      ),
    );
  }
  for (const g of resources.gateways) {
    if (isWaypointGateway(g)) continue;
    const ns = g.metadata.namespace ?? '';
    const id = nodeIds.gateway(ns, g.metadata.name);
    const badges = ['gateway-api'];
    const cls = str(rec(g.spec)?.gatewayClassName);
    if (cls) badges.push(`class:${cls}`);
    const programmed = conditionsOf(g.status).find((c) => c.type === 'Programmed');
    if (programmed && programmed.status !== 'True') badges.push('not-programmed');
    nodes.set(id, ingress(id, ns, g.metadata.name, badges, `Gateway/${ns}/${g.metadata.name}`));
  }
  for (const ing of resources.ingresses) {
    const ns = ing.metadata.namespace ?? '';
    const id = nodeIds.k8sIngress(ns, ing.metadata.name);
    const cls =
      str(rec(ing.spec)?.ingressClassName) ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
    const badges = cls ? ['ingress', `class:${cls}`] : ['ingress'];
    nodes.set(id, ingress(id, ns, ing.metadata.name, badges, `Ingress/${ns}/${ing.metadata.name}`));
  }
  return nodes;
}

function ingress(id: string, namespace: string, name: string, badges: string[], ref: string): GraphNode {
  return { id, type: 'ingress', namespace, name, dataplane: 'none', label: name, badges, ref };
}

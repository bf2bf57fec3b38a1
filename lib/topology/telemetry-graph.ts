import type { ClusterSummary } from '../mesh/views';
import type { RelationContext } from './context';
import { nodeIds } from './ids';
import type { TelemetryEdge } from './telemetry';
import type { GraphEdge } from './types';

const KIND_PREFERENCE = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** Istio names workloads without their kind: index workload nodes by `namespace/name`, controllers first. */
function workloadsByName(summary: ClusterSummary): Map<string, string> {
  const out = new Map<string, string>();
  const rank = (k: string) => {
    const i = KIND_PREFERENCE.indexOf(k);
    return i < 0 ? KIND_PREFERENCE.length : i;
  };
  const sorted = [...summary.workloads].sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const w of sorted) {
    const key = `${w.namespace}/${w.name}`;
    // A waypoint's proxy reports as its Deployment: draw its traffic from the waypoint node.
    const id = w.waypointOf
      ? nodeIds.waypoint(w.waypointOf.namespace, w.waypointOf.name)
      : nodeIds.workload(w.id);
    if (!out.has(key)) out.set(key, id);
  }
  return out;
}

function sourceNode(ctx: RelationContext, byName: Map<string, string>, t: TelemetryEdge): string {
  const found = byName.get(`${t.sourceNamespace}/${t.sourceWorkload}`);
  if (found && ctx.nodes.has(found)) return found;
  const label = t.sourceWorkload === 'unknown' ? 'unknown' : `${t.sourceNamespace}/${t.sourceWorkload}`;
  const id = nodeIds.external(label);
  if (!ctx.nodes.has(id)) {
    ctx.nodes.set(id, {
      id,
      type: 'external',
      namespace: '',
      name: label,
      dataplane: 'none',
      label,
      badges: ['unknown-source'],
    });
  }
  return id;
}

function destNode(ctx: RelationContext, byName: Map<string, string>, t: TelemetryEdge): string | undefined {
  if (t.destService) {
    const svc = nodeIds.service(t.destNamespace, t.destService);
    return ctx.nodes.has(svc) ? svc : ctx.host(t.destService, t.destNamespace);
  }
  const wl = t.destWorkload ? byName.get(`${t.destNamespace}/${t.destWorkload}`) : undefined;
  return wl && ctx.nodes.has(wl) ? wl : undefined;
}

const REPORTER_RANK = ['waypoint', 'sidecar', 'ztunnel'];

/**
 * One reporter for edges merged from several flows: the one closest to L7 wins (a waypoint, then a
 * sidecar, then ztunnel), since the request numbers on the edge come from it.
 */
export function mergeReporter(
  a: GraphEdge['reportedBy'],
  b: GraphEdge['reportedBy'],
): GraphEdge['reportedBy'] {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return REPORTER_RANK.indexOf(a) <= REPORTER_RANK.indexOf(b) ? a : b;
}

/** Turns observed flows into graph edges (source workload → destination Service or workload), merged per node pair. */
export function telemetryEdges(ctx: RelationContext, telemetry: readonly TelemetryEdge[]): GraphEdge[] {
  const byName = workloadsByName(ctx.summary);
  const out = new Map<string, GraphEdge>();
  for (const t of telemetry) {
    const target = destNode(ctx, byName, t);
    if (!target) continue;
    const source = sourceNode(ctx, byName, t);
    const id = `telemetry:${source}->${target}`;
    const prev = out.get(id);
    if (prev) {
      const rate = (prev.requestRate ?? 0) + t.requestRate;
      prev.errorRate =
        rate > 0 ? ((prev.errorRate ?? 0) * (prev.requestRate ?? 0) + t.errorRate * t.requestRate) / rate : 0;
      prev.requestRate = rate;
      if (t.tcpBytesRate !== undefined) prev.tcpBytesRate = (prev.tcpBytesRate ?? 0) + t.tcpBytesRate;
      prev.reportedBy = mergeReporter(prev.reportedBy, t.proxy);
      continue;
    }
    const edge: GraphEdge = {
      id,
      source,
      target,
      kind: 'telemetry',
      origin: 'telemetry',
      requestRate: t.requestRate,
      errorRate: t.errorRate,
    };
    if (t.tcpBytesRate !== undefined) edge.tcpBytesRate = t.tcpBytesRate;
    if (t.proxy) edge.reportedBy = t.proxy;
    out.set(id, edge);
  }
  return [...out.values()];
}

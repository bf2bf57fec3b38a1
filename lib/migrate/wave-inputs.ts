import type { ResourceSet } from '../cluster/snapshot';
import type { ClusterSummary } from '../mesh/views';
import { platformPlanFindings } from '../platform/plan-findings';
import { buildGraph } from '../topology/build';
import type { TelemetryEdge } from '../topology/telemetry';
import { convertForPlan } from './conversion';
import { l7Reasons } from './plan-waypoint';
import { findingsFor } from './preflight';
import type { Finding } from './types';
import type { Bond, NamespaceEdge, WaveNamespace } from './waves';

/** Namespaces that have no place in a wave: the mesh's own and Kubernetes' system namespaces. */
const SYSTEM = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'istio-system']);

/** Optional projected saving per namespace; filled in where a cost model exists. */
export type SavingOf = (ns: string) => WaveNamespace['saving'];

/**
 * The wave planner's view of each namespace in the mesh (sidecars, injection or ambient intent):
 * readiness from the same findings the plan shows, L7 needs from the plan's waypoint reasons.
 */
/** A namespace's findings and L7 reasons, already computed (the server's background summary). */
export type CheckedOf = (ns: string) => { findings: Finding[]; l7: string[] } | undefined;

/** A namespace's findings and the reasons it needs a waypoint, from one conversion. */
export function namespaceChecks(resources: ResourceSet, ns: string): { findings: Finding[]; l7: string[] } {
  const conversion = convertForPlan(resources, ns, undefined);
  return { findings: findingsFor(resources, ns, conversion), l7: l7Reasons(resources, ns, conversion) };
}

export function waveNamespaces(
  resources: ResourceSet,
  summary: ClusterSummary,
  savingOf?: SavingOf,
  checkedOf?: CheckedOf,
): WaveNamespace[] {
  return summary.namespaces
    .filter(
      (n) =>
        !SYSTEM.has(n.name) &&
        (n.state !== 'out-of-mesh' || n.intent.injection === 'enabled' || n.intent.revision),
    )
    .map((n) => {
      const checked = checkedOf?.(n.name) ?? namespaceChecks(resources, n.name);
      // The plan's certificate and address findings count here as in the plan.
      const findings = [...checked.findings, ...platformPlanFindings(resources, n.name)];
      const l7 = checked.l7;
      const saving = savingOf?.(n.name);
      return {
        name: n.name,
        done: (n.state === 'ambient' || n.state === 'ambient-l7') && n.pods.sidecar === 0,
        blockers: findings.filter((f) => f.severity === 'blocker').map((f) => `${f.resource}: ${f.message}`),
        warnings: findings.filter((f) => f.severity === 'warning').length,
        l7,
        pods: {
          sidecar: n.pods.sidecar,
          ambient: n.pods.ambient,
          other: n.pods.ambientPending + n.pods.none,
        },
        ...(saving ? { saving } : {}),
      };
    });
}

/**
 * Who calls whom between namespaces, and which namespaces are bonded: from the topology's config
 * edges (ingress routes are calls; cross-namespace mesh routes and waypoints are bonds) and from
 * the flows Prometheus saw.
 */
export function waveRelations(
  resources: ResourceSet,
  summary: ClusterSummary,
  telemetry: readonly TelemetryEdge[] = [],
): { edges: NamespaceEdge[]; bonds: Bond[] } {
  const graph = buildGraph(resources, summary, { collapseThreshold: Number.POSITIVE_INFINITY });
  const nsOf = new Map(graph.nodes.map((n) => [n.id, n.namespace]));
  const edges = new Map<string, NamespaceEdge>();
  const bonds = new Map<string, Bond>();
  for (const e of graph.edges) {
    const from = nsOf.get(e.source);
    const to = nsOf.get(e.target);
    if (!from || !to || from === to) continue;
    if (e.kind === 'waypoint') {
      const wp = e.target.replace(/^wp:/, '');
      bonds.set(`${from}|${to}|wp`, { namespaces: [from, to].sort(), reason: `shares waypoint ${wp}` });
    } else if (e.kind === 'destination' || (e.kind === 'route' && e.source.startsWith('svc:'))) {
      bonds.set(`${[from, to].sort().join('|')}|route`, {
        namespaces: [from, to].sort(),
        reason: `cross-namespace route${e.label ? ` (${e.label})` : ''}`,
      });
    } else if (e.kind === 'route') {
      edges.set(`${from}>${to}`, { from, to, origin: 'config' });
    }
  }
  for (const t of telemetry) {
    if (!t.sourceNamespace || !t.destNamespace || t.sourceNamespace === t.destNamespace) continue;
    if (t.requestRate <= 0 && !t.tcpBytesRate && !t.tcpConnectionRate) continue;
    const k = `${t.sourceNamespace}>${t.destNamespace}`;
    if (!edges.has(k)) edges.set(k, { from: t.sourceNamespace, to: t.destNamespace, origin: 'telemetry' });
  }
  return { edges: [...edges.values()], bonds: [...bonds.values()] };
}

import type { ResourceSet } from '../cluster/snapshot';
import type { ClusterSummary } from '../mesh/views';
import { relationContext } from './context';
import { filterGraph } from './filter';
import { collapseNamespaces, groupByNamespace } from './groups';
import { baseNodes } from './nodes';
import { RELATIONS } from './relations';
import { telemetryEdges } from './telemetry-graph';
import {
  type BuildGraphOptions,
  DEFAULT_COLLAPSE_THRESHOLD,
  type GraphEdge,
  type TopologyGraph,
} from './types';

function configEdges(ctx: ReturnType<typeof relationContext>): GraphEdge[] {
  const edges = new Map<string, GraphEdge>();
  for (const relation of RELATIONS) {
    for (const raw of relation.derive(ctx)) {
      if (!ctx.nodes.has(raw.source) || !ctx.nodes.has(raw.target)) continue;
      const id = `${relation.kind}:${raw.source}->${raw.target}`;
      const prev = edges.get(id);
      if (prev) {
        // Several routes between the same pair: one edge, labels joined, weight no longer meaningful.
        prev.count = (prev.count ?? 1) + 1;
        delete prev.weight;
        if (raw.label && !prev.label?.split(', ').includes(raw.label))
          prev.label = prev.label ? `${prev.label}, ${raw.label}` : raw.label;
        continue;
      }
      const edge: GraphEdge = {
        id,
        source: raw.source,
        target: raw.target,
        kind: relation.kind,
        origin: 'config',
      };
      if (raw.weight !== undefined) edge.weight = raw.weight;
      if (raw.label) edge.label = raw.label;
      edges.set(id, edge);
    }
  }
  return [...edges.values()];
}

/**
 * Builds the topology graph: nodes from the cluster summary, edges from the declared
 * {@link RELATIONS} plus observed telemetry, then filters, namespace groups and, past
 * `collapseThreshold` nodes, collapsed namespaces (except `expanded`).
 */
export function buildGraph(
  resources: ResourceSet,
  summary: ClusterSummary,
  opts: BuildGraphOptions = {},
): TopologyGraph {
  const nodes = baseNodes(resources, summary);
  const ctx = relationContext(resources, summary, nodes);
  const edges = configEdges(ctx);
  if (opts.telemetry && opts.telemetry.length > 0) edges.push(...telemetryEdges(ctx, opts.telemetry));
  const filtered = filterGraph([...nodes.values()], edges, opts);
  const totalNodes = filtered.nodes.length;
  const grouped = groupByNamespace(filtered.nodes, summary.namespaces);
  const threshold = opts.collapseThreshold ?? DEFAULT_COLLAPSE_THRESHOLD;
  if (totalNodes <= threshold) return { nodes: grouped, edges: filtered.edges, collapsed: false, totalNodes };
  const collapsed = collapseNamespaces(grouped, filtered.edges, new Set(opts.expanded ?? []));
  return { ...collapsed, collapsed: true, totalNodes };
}

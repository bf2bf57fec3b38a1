import type { ResourceSet } from '../cluster/snapshot';
import type { ClusterSummary } from '../mesh/views';
import { relationContext } from './context';
import { filterGraph } from './filter';
import { collapseNamespaces, groupByNamespace } from './groups';
import { baseNodes } from './nodes';
import { groupNamespaces } from './overview';
import { RELATIONS } from './relations';
import { telemetryEdges } from './telemetry-graph';
import {
  type BuildGraphOptions,
  DEFAULT_COLLAPSE_THRESHOLD,
  type GraphEdge,
  type GraphLevel,
  type GraphNode,
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

/** Past this many namespaces, `auto` groups them. */
export const AUTO_GROUP_NAMESPACES = 40;
/** Even when asked for, a graph larger than this is not drawn workload by workload. */
export const MAX_WORKLOAD_NODES = 3000;

/**
 * The level of detail to show. `auto` shows every node up to `threshold` nodes (default
 * {@link DEFAULT_COLLAPSE_THRESHOLD}), else one node per namespace, or per group of namespaces
 * past {@link AUTO_GROUP_NAMESPACES}.
 */
export function chooseLevel(
  level: BuildGraphOptions['level'],
  nodes: number,
  namespaces: number,
  threshold = DEFAULT_COLLAPSE_THRESHOLD,
): GraphLevel {
  if (level === 'workloads') return nodes <= MAX_WORKLOAD_NODES ? 'workloads' : 'namespaces';
  if (level && level !== 'auto') return level;
  if (nodes <= threshold) return 'workloads';
  return namespaces > AUTO_GROUP_NAMESPACES ? 'groups' : 'namespaces';
}

const FOCUS_TYPES = ['workload', 'service', 'waypoint', 'ingress'];

/** The node `text` names: an exact name or label first, then a substring; workloads and Services first. */
export function findNode(nodes: readonly GraphNode[], text: string): GraphNode | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  const rank = (n: GraphNode) => {
    const typeRank = FOCUS_TYPES.includes(n.type) ? 0 : 1;
    const names = [n.name.toLowerCase(), n.label.toLowerCase(), `${n.namespace}/${n.name}`.toLowerCase()];
    if (names.includes(t)) return typeRank;
    if (names.some((x) => x.includes(t))) return 2 + typeRank;
    return undefined;
  };
  let best: GraphNode | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const n of nodes) {
    const r = rank(n);
    if (r !== undefined && r < bestRank) {
      best = n;
      bestRank = r;
    }
  }
  return best;
}

/**
 * Builds the topology graph: nodes from the cluster summary, edges from the declared
 * {@link RELATIONS} plus observed telemetry, then filters and namespace groups. By level:
 * `workloads` shows every node, `namespaces` collapses namespaces (except `expanded`) with
 * aggregate edges, `groups` also gathers collapsed namespaces by state or label (except `open`).
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
  const namespaceCount = grouped.length - totalNodes;
  const level = chooseLevel(opts.level, totalNodes, namespaceCount, opts.collapseThreshold);
  const expanded = new Set(opts.expanded ?? []);
  const found = opts.focus ? findNode(filtered.nodes, opts.focus) : undefined;
  const focus = found ? { focus: found.id } : {};
  // The found node's namespace opens beside the groups; its group stays closed (it may hold hundreds).
  if (found?.namespace) expanded.add(found.namespace);
  if (level === 'workloads')
    return { nodes: grouped, edges: filtered.edges, collapsed: false, totalNodes, level, ...focus };
  const collapsed = collapseNamespaces(grouped, filtered.edges, expanded);
  if (level === 'namespaces') return { ...collapsed, collapsed: true, totalNodes, level, ...focus };
  const overview = groupNamespaces(collapsed.nodes, collapsed.edges, {
    by: opts.groupBy ?? 'state',
    open: new Set(opts.open ?? []),
    namespaces: new Map(resources.namespaces.map((n) => [n.metadata.name, n])),
  });
  return { ...overview, collapsed: true, totalNodes, level, ...focus };
}

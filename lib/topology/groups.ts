import type { NamespaceState } from '../mesh/namespace';
import type { NamespaceView } from '../mesh/views';
import { nodeIds } from './ids';
import { mergeEdges } from './overview';
import type { GraphDataplane, GraphEdge, GraphNode, NodeCounts } from './types';

const STATE_DATAPLANE: Record<NamespaceState, GraphDataplane> = {
  sidecar: 'sidecar',
  ambient: 'ztunnel',
  'ambient-l7': 'waypoint-covered',
  mixed: 'mixed',
  'out-of-mesh': 'none',
};

function countsOf(children: readonly GraphNode[], view: NamespaceView | undefined): NodeCounts {
  const counts: NodeCounts = { byType: {}, byDataplane: {} };
  for (const c of children) {
    counts.byType[c.type] = (counts.byType[c.type] ?? 0) + 1;
    if (c.type === 'workload' || c.type === 'service') {
      counts.byDataplane[c.dataplane] = (counts.byDataplane[c.dataplane] ?? 0) + 1;
    }
  }
  if (view) counts.pods = { ...view.pods };
  return counts;
}

/** Gives each namespaced node a parent and returns one group node per namespace (parents first). */
export function groupByNamespace(nodes: GraphNode[], namespaces: readonly NamespaceView[]): GraphNode[] {
  const views = new Map(namespaces.map((n) => [n.name, n]));
  const children = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    if (!n.namespace) continue;
    n.parent = nodeIds.namespace(n.namespace);
    const list = children.get(n.namespace);
    if (list) list.push(n);
    else children.set(n.namespace, [n]);
  }
  const groups: GraphNode[] = [];
  for (const [ns, list] of [...children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const view = views.get(ns);
    const state = view?.state ?? 'out-of-mesh';
    groups.push({
      id: nodeIds.namespace(ns),
      type: 'namespace',
      namespace: ns,
      name: ns,
      dataplane: STATE_DATAPLANE[state],
      label: ns,
      badges: [state],
      counts: countsOf(list, view),
    });
  }
  return [...groups, ...nodes];
}

/**
 * Collapses every namespace not in `expanded` into its group node: children disappear, edges are
 * re-targeted to the namespace node, self-loops dropped and duplicates merged (rates summed).
 */
export function collapseNamespaces(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  expanded: ReadonlySet<string>,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const replace = new Map<string, string>();
  const out: GraphNode[] = [];
  for (const n of nodes) {
    if (n.type === 'namespace') {
      out.push(expanded.has(n.name) ? n : { ...n, collapsed: true });
    } else if (n.parent && !expanded.has(n.namespace)) {
      replace.set(n.id, n.parent);
    } else {
      out.push(n);
    }
  }
  return { nodes: out, edges: mergeEdges(edges, replace) };
}

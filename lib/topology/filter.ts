import type { BuildGraphOptions, GraphEdge, GraphNode } from './types';

const INFRA = new Set(['ingress', 'waypoint', 'external']);

function adjacency(edges: readonly GraphEdge[]): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const l = adj.get(a);
    if (l) l.push(b);
    else adj.set(a, [b]);
  };
  for (const e of edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }
  return adj;
}

/** Keeps `candidates` that touch a node of `anchors`. */
function touching(candidates: GraphNode[], anchors: Set<string>, adj: Map<string, string[]>): string[] {
  return candidates.filter((n) => (adj.get(n.id) ?? []).some((m) => anchors.has(m))).map((n) => n.id);
}

/**
 * Applies the view filters: edge origins; namespaces (nodes outside any namespace stay when they
 * touch a kept node); data planes (on workloads and Services; gateways, waypoints and external
 * nodes stay when they touch a kept one); search (matches plus their direct neighbours).
 */
export function filterGraph(
  all: readonly GraphNode[],
  allEdges: readonly GraphEdge[],
  opts: BuildGraphOptions,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const origins = new Set(opts.edgeSources ?? ['config', 'telemetry']);
  let edges = allEdges.filter((e) => origins.has(e.origin));
  let nodes = [...all];
  const adj = adjacency(edges);
  if (opts.namespaces && opts.namespaces.length > 0) {
    const wanted = new Set(opts.namespaces);
    const inside = nodes.filter((n) => wanted.has(n.namespace));
    const ids = new Set(inside.map((n) => n.id));
    const outside = touching(
      nodes.filter((n) => n.namespace === ''),
      ids,
      adj,
    );
    for (const id of outside) ids.add(id);
    nodes = nodes.filter((n) => ids.has(n.id));
  }
  if (opts.dataplanes && opts.dataplanes.length > 0) {
    const wanted = new Set(opts.dataplanes);
    const core = nodes.filter((n) => !INFRA.has(n.type) && wanted.has(n.dataplane));
    const ids = new Set(core.map((n) => n.id));
    for (const id of touching(
      nodes.filter((n) => INFRA.has(n.type)),
      ids,
      adj,
    ))
      ids.add(id);
    nodes = nodes.filter((n) => ids.has(n.id));
  }
  const q = opts.search?.trim().toLowerCase();
  if (q) {
    const present = new Set(nodes.map((n) => n.id));
    const hits = nodes.filter(
      (n) =>
        n.name.toLowerCase().includes(q) ||
        n.label.toLowerCase().includes(q) ||
        n.namespace.toLowerCase().includes(q),
    );
    const ids = new Set(hits.map((n) => n.id));
    for (const h of hits) for (const m of adj.get(h.id) ?? []) if (present.has(m)) ids.add(m);
    nodes = nodes.filter((n) => ids.has(n.id));
  }
  const kept = new Set(nodes.map((n) => n.id));
  edges = edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return { nodes, edges };
}

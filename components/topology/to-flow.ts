import type { Edge, Node } from '@xyflow/react';
import { drawnEdgeLabel, edgeLabel } from '@/lib/topology/labels';
import type { TopologyView } from '@/lib/views/topology';

type ViewEdge = TopologyView['graph']['edges'][number];

const EDGE_COLOUR: Record<string, string> = {
  route: '#475569',
  destination: '#475569',
  selector: '#94a3b8',
  waypoint: '#7c3aed',
};

/** Observed traffic is coloured by the proxy that reported it, red when more than 5% fails. */
export const REPORTER_COLOUR: Record<string, string> = {
  sidecar: '#d97706',
  ztunnel: '#0d9488',
  waypoint: '#7c3aed',
};
export const FAILING = '#dc2626';

/** An edge's stroke: observed traffic by its reporter (red when failing), configuration by kind. */
export function edgeColour(e: ViewEdge): string {
  if (e.origin !== 'telemetry') return EDGE_COLOUR[e.kind] ?? '#64748b';
  return (e.errorRate ?? 0) > 0.05 ? FAILING : (REPORTER_COLOUR[e.reportedBy ?? ''] ?? '#16a34a');
}

function flowType(n: TopologyView['graph']['nodes'][number]): string {
  if (n.type === 'group') return n.collapsed ? 'platformGroup' : 'platformFrame';
  if (n.type === 'namespace') return n.collapsed ? 'collapsed' : 'group';
  return 'graph';
}

/** React Flow nodes and edges from the graph and its layout. Groups come before their children. */
export function toFlow(view: TopologyView): { nodes: Node[]; edges: Edge[] } {
  const { graph, layout } = view;
  // Parents before children: open groups of namespaces, then expanded namespaces, then the rest.
  const frames = graph.nodes.filter((n) => n.type === 'group' && !n.collapsed);
  const groups = graph.nodes.filter((n) => n.type === 'namespace' && !n.collapsed);
  const rest = graph.nodes.filter((n) => !((n.type === 'namespace' || n.type === 'group') && !n.collapsed));
  const nodes: Node[] = [...frames, ...groups, ...rest].map((n) => {
    const size = layout.sizes[n.id] ?? { width: 180, height: 48 };
    const type = flowType(n);
    return {
      id: n.id,
      type,
      position: layout.relative[n.id] ?? { x: 0, y: 0 },
      ...(n.parent && layout.relative[n.id] ? { parentId: n.parent, extent: 'parent' as const } : {}),
      data: {},
      width: size.width,
      height: size.height,
      style: { width: size.width, height: size.height },
      selectable: type !== 'group' && type !== 'platformFrame',
      draggable: false,
      ...(type === 'group' ? { zIndex: -1 } : type === 'platformFrame' ? { zIndex: -2 } : {}),
    };
  });
  const names = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const parents = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const edges: Edge[] = graph.edges.map((e) => {
    const failing = e.origin === 'telemetry' && (e.errorRate ?? 0) > 0.05;
    const colour = edgeColour(e);
    const label = drawnEdgeLabel(e, (id) => !parents.get(id));
    // Read aloud in full, the reporter included.
    const spoken = edgeLabel(e);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'labelled',
      label,
      ariaLabel: `${e.origin === 'telemetry' ? 'traffic' : e.kind} ${names.get(e.source) ?? e.source} → ${names.get(e.target) ?? e.target}${spoken ? `: ${spoken}` : ''}`,
      animated: e.origin === 'telemetry',
      style: {
        stroke: colour,
        strokeWidth: e.origin === 'telemetry' ? 2 : 1.2,
        strokeDasharray: e.kind === 'selector' ? '4 3' : undefined,
      },
      data: { kind: e.kind, origin: e.origin, reportedBy: e.reportedBy },
      // data-* attributes for tests and styling; React passes them through to the edge's <g>.
      domAttributes: {
        'data-origin': e.origin,
        ...(e.reportedBy ? { 'data-reported-by': e.reportedBy } : {}),
        ...(failing ? { 'data-failing': 'true' } : {}),
      } as Edge['domAttributes'],
    };
  });
  return { nodes, edges };
}

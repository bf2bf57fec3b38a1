import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { drawnEdgeLabel, edgeLabelSize } from './labels';
import { gridLayout } from './layout-grid';
import { GROUP_PADDING, type GraphLayout, NODE_GAP, nodeSize, type Point } from './layout-types';
import type { GraphNode, TopologyGraph } from './types';

/**
 * Above this many nodes (groups included) {@link layoutGraph} switches from elk to the grid layout:
 * elk's layered algorithm costs about 1 s of CPU for 700 nodes and 3-4 s near 2000 (Node 24, one
 * core; see `npm run bench`), while the grid stays under 0.3 s for 35k nodes.
 */
export const ELK_NODE_LIMIT = 2000;

export interface LayoutOptions {
  /** `auto` (default) uses elk up to `elkNodeLimit` nodes, the grid beyond. */
  engine?: 'auto' | 'elk' | 'grid';
  elkNodeLimit?: number;
}

/** Above this many edges on one top-level node, a layered root stacks its neighbours in one very tall column. */
const HUB_DEGREE = 20;

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': String(NODE_GAP),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(NODE_GAP * 4),
  'elk.spacing.componentComponent': String(NODE_GAP * 2),
  'elk.layered.thoroughness': '3',
  'elk.layered.highDegreeNodes.treatment': 'true',
};

// Between namespaces a label's layer is the room an edge needs: no node gap on either side of it.
const LABELLED_ROOT = {
  ...LAYERED,
  'elk.layered.spacing.nodeNodeBetweenLayers': String(NODE_GAP / 2),
  'elk.layered.spacing.edgeNodeBetweenLayers': '0',
};

const PACKED = {
  'elk.algorithm': 'rectpacking',
  'elk.aspectRatio': '1.6',
  'elk.spacing.nodeNode': String(NODE_GAP * 2),
};

const GROUP_OPTIONS = {
  ...LAYERED,
  'elk.padding': `[top=${GROUP_PADDING.top},left=${GROUP_PADDING.left},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.right}]`,
};

let elk: InstanceType<typeof ELK> | undefined;

/**
 * Each namespace group is laid out on its own (layered, left to right); the root places groups
 * and top-level nodes, with one edge per pair of top-level items that have traffic or config
 * between them, so flow reads left to right across namespaces too. A hub (a node with more than
 * HUB_DEGREE such edges, e.g. a collapsed istio-system) switches the root to rectangle packing.
 */
/** An elk edge's label, sized as drawn, when it has one. */
function elkLabel(edgeId: string, text: string | undefined): Pick<ElkExtendedEdge, 'labels'> {
  return text ? { labels: [{ id: `${edgeId}#label`, text, ...edgeLabelSize(text) }] } : {};
}

function toElk(graph: TopologyGraph): ElkNode {
  const byId = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const elkNodes = new Map<string, ElkNode>();
  const hasChildren = new Set(graph.nodes.flatMap((n) => (n.parent && byId.has(n.parent) ? [n.parent] : [])));
  for (const n of graph.nodes) {
    const size = nodeSize(n);
    elkNodes.set(
      n.id,
      hasChildren.has(n.id)
        ? { id: n.id, layoutOptions: GROUP_OPTIONS, children: [], edges: [] }
        : { id: n.id, width: size.width, height: size.height },
    );
  }
  const root: ElkNode = { id: '__root', children: [], edges: [] };
  for (const n of graph.nodes) {
    const parent = n.parent ? elkNodes.get(n.parent) : undefined;
    (parent ?? root).children?.push(elkNodes.get(n.id) as ElkNode);
  }
  const top = (n: GraphNode) => (n.parent && byId.has(n.parent) ? n.parent : n.id);
  const rootEdges = new Map<string, ElkExtendedEdge>();
  const degree = new Map<string, number>();
  const topLevel = (id: string) => {
    const n = byId.get(id);
    return n !== undefined && top(n) === id;
  };
  for (const e of graph.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    // A labelled edge gets room for its label, as drawn, between the layers it joins.
    const text = drawnEdgeLabel(e, topLevel);
    if (s.parent && s.parent === t.parent) {
      elkNodes
        .get(s.parent)
        ?.edges?.push({ id: e.id, sources: [e.source], targets: [e.target], ...elkLabel(e.id, text) });
      continue;
    }
    const [a, b] = [top(s), top(t)];
    const id = `${a}->${b}`;
    if (a === b) continue;
    // Edges from inside namespaces are drawn between their own nodes: only an edge between two
    // top-level nodes is drawn as this one, and the longest label of those decides the room.
    const direct = a === e.source && b === e.target ? text : undefined;
    const known = rootEdges.get(id);
    if (known) {
      if (direct && direct.length > (known.labels?.[0]?.text ?? '').length)
        Object.assign(known, elkLabel(id, direct));
      continue;
    }
    rootEdges.set(id, { id, sources: [a], targets: [b], ...elkLabel(id, direct) });
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }
  const hub = [...degree.values()].some((d) => d > HUB_DEGREE);
  root.layoutOptions = hub ? PACKED : LABELLED_ROOT;
  root.edges = hub ? [] : [...rootEdges.values()];
  return root;
}

function readElk(root: ElkNode, byId: Map<string, GraphNode>): GraphLayout {
  const layout: GraphLayout = {
    engine: 'elk',
    positions: {},
    relative: {},
    sizes: {},
    groupBounds: {},
    width: root.width ?? 0,
    height: root.height ?? 0,
  };
  const visit = (node: ElkNode, origin: Point) => {
    for (const c of node.children ?? []) {
      const rel = { x: c.x ?? 0, y: c.y ?? 0 };
      const abs = { x: origin.x + rel.x, y: origin.y + rel.y };
      const size = { width: c.width ?? 0, height: c.height ?? 0 };
      layout.positions[c.id] = abs;
      layout.relative[c.id] = rel;
      layout.sizes[c.id] = size;
      const type = byId.get(c.id)?.type;
      if ((type === 'namespace' || type === 'group') && (c.children?.length ?? 0) > 0)
        layout.groupBounds[c.id] = { ...abs, ...size };
      visit(c, abs);
    }
  };
  visit(root, { x: 0, y: 0 });
  return layout;
}

/**
 * Positions every node of the graph: elk (layered, left to right, namespace groups as compound
 * nodes) up to {@link ELK_NODE_LIMIT} nodes, a deterministic grid layout beyond. Same graph, same
 * result.
 */
export async function layoutGraph(graph: TopologyGraph, opts: LayoutOptions = {}): Promise<GraphLayout> {
  const engine = opts.engine ?? 'auto';
  const limit = opts.elkNodeLimit ?? ELK_NODE_LIMIT;
  if (engine === 'grid' || (engine === 'auto' && graph.nodes.length > limit)) return gridLayout(graph);
  elk ??= new ELK();
  const result = await elk.layout(toElk(graph));
  return readElk(result, new Map(graph.nodes.map((n) => [n.id, n])));
}

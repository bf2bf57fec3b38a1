import { GROUP_PADDING, type GraphLayout, NODE_GAP, nodeSize, type Point, type Size } from './layout-types';
import type { GraphNode, NodeType, TopologyGraph } from './types';

/** Column of each node type inside a group: traffic flows left to right. */
const RANK: Record<NodeType, number> = {
  ingress: 0,
  service: 1,
  waypoint: 2,
  workload: 3,
  external: 4,
  namespace: 5,
  group: 6,
};

interface Block {
  id: string;
  size: Size;
  /** Child offsets relative to the block's top-left. */
  children: { id: string; offset: Point; size: Size }[];
}

/** Lays out a group's children in rank columns, wrapping long columns so groups stay roughly square. */
function groupBlock(group: GraphNode, children: GraphNode[]): Block {
  const maxRows = Math.max(6, Math.ceil(Math.sqrt(children.length)));
  const byRank = new Map<number, GraphNode[]>();
  for (const c of children) {
    const r = RANK[c.type];
    const list = byRank.get(r);
    if (list) list.push(c);
    else byRank.set(r, [c]);
  }
  const placed: Block['children'] = [];
  let x = GROUP_PADDING.left;
  let bottom = 0;
  for (const rank of [...byRank.keys()].sort((a, b) => a - b)) {
    const list = byRank.get(rank) ?? [];
    for (let start = 0; start < list.length; start += maxRows) {
      let y = GROUP_PADDING.top;
      let colWidth = 0;
      for (const c of list.slice(start, start + maxRows)) {
        const size = nodeSize(c);
        placed.push({ id: c.id, offset: { x, y }, size });
        y += size.height + NODE_GAP;
        colWidth = Math.max(colWidth, size.width);
      }
      bottom = Math.max(bottom, y - NODE_GAP);
      x += colWidth + NODE_GAP * 2;
    }
  }
  const min = nodeSize(group);
  const width = Math.max(min.width, x - NODE_GAP * 2 + GROUP_PADDING.right);
  const height = Math.max(min.height, bottom + GROUP_PADDING.bottom);
  return { id: group.id, size: { width, height }, children: placed };
}

/**
 * Deterministic O(n) layout for graphs too large for elk: children in rank columns inside each
 * group, groups and top-level nodes packed in rows (shelf packing) in input order.
 */
export function gridLayout(graph: TopologyGraph): GraphLayout {
  const children = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (!n.parent) continue;
    const list = children.get(n.parent);
    if (list) list.push(n);
    else children.set(n.parent, [n]);
  }
  const blocks: Block[] = [];
  for (const n of graph.nodes) {
    if (n.parent) continue;
    const kids = children.get(n.id);
    blocks.push(
      kids && kids.length > 0 ? groupBlock(n, kids) : { id: n.id, size: nodeSize(n), children: [] },
    );
  }
  const area = blocks.reduce((s, b) => s + (b.size.width + NODE_GAP) * (b.size.height + NODE_GAP), 0);
  const widest = blocks.reduce((m, b) => Math.max(m, b.size.width), 0);
  const rowWidth = Math.max(widest, Math.sqrt(area) * 1.6);
  const layout: GraphLayout = {
    engine: 'grid',
    positions: {},
    relative: {},
    sizes: {},
    groupBounds: {},
    width: 0,
    height: 0,
  };
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const b of blocks) {
    if (x > 0 && x + b.size.width > rowWidth) {
      x = 0;
      y += rowHeight + NODE_GAP * 2;
      rowHeight = 0;
    }
    layout.positions[b.id] = { x, y };
    layout.relative[b.id] = { x, y };
    layout.sizes[b.id] = b.size;
    if (b.children.length > 0) layout.groupBounds[b.id] = { x, y, ...b.size };
    for (const c of b.children) {
      layout.positions[c.id] = { x: x + c.offset.x, y: y + c.offset.y };
      layout.relative[c.id] = c.offset;
      layout.sizes[c.id] = c.size;
    }
    layout.width = Math.max(layout.width, x + b.size.width);
    layout.height = Math.max(layout.height, y + b.size.height);
    x += b.size.width + NODE_GAP * 2;
    rowHeight = Math.max(rowHeight, b.size.height);
  }
  return layout;
}

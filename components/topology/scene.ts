import { edgeLabel } from '@/lib/topology/labels';
import type { GraphDataplane, GraphNode } from '@/lib/topology/types';
import type { TopologyView } from '@/lib/views/topology';
import { edgeColour } from './to-flow';

/**
 * What the canvas layer draws and hit-tests: every node and edge of a view in absolute graph
 * coordinates, in drawing order. Pure: no DOM, no React.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SceneNode extends Rect {
  id: string;
  /** `frame`: an open container (expanded namespace, open group) drawn behind its children. */
  kind: 'frame' | 'card';
  type: GraphNode['type'];
  dataplane: GraphDataplane;
  label: string;
  /** Second line of a card (pod mix, badges). */
  detail: string;
  parent?: string;
}

export interface SceneEdge {
  id: string;
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  colour: string;
  width: number;
  dashed: boolean;
  label?: string;
}

export interface Scene {
  /** Frames first (outer before inner), then cards: later nodes are drawn over earlier ones. */
  nodes: SceneNode[];
  edges: SceneEdge[];
  byId: Map<string, SceneNode>;
  /** The whole graph. */
  bounds: Rect;
}

/** React Flow's viewport transform: translate x, translate y, zoom. */
export type Transform = readonly [number, number, number];

function detailOf(n: GraphNode): string {
  const pods = n.counts?.pods;
  if (pods) return `${pods.total} pods · ${pods.sidecar} sidecar · ${pods.ambient} ztunnel`;
  return n.badges.slice(0, 3).join(' · ');
}

function depthOf(n: GraphNode, byId: Map<string, GraphNode>): number {
  let d = 0;
  for (let p = n.parent; p && d < 8; p = byId.get(p)?.parent) d++;
  return d;
}

/** The scene of a view, from the server's absolute layout positions. */
export function buildScene(view: TopologyView): Scene {
  const { graph, layout } = view;
  const graphById = new Map(graph.nodes.map((n) => [n.id, n]));
  const frames: SceneNode[] = [];
  const cards: SceneNode[] = [];
  const depth = new Map<string, number>();
  for (const n of graph.nodes) {
    const p = layout.positions[n.id];
    const s = layout.sizes[n.id];
    if (!p || !s) continue;
    const frame = (n.type === 'namespace' || n.type === 'group') && !n.collapsed;
    const node: SceneNode = {
      id: n.id,
      x: p.x,
      y: p.y,
      width: s.width,
      height: s.height,
      kind: frame ? 'frame' : 'card',
      type: n.type,
      dataplane: n.dataplane,
      label: n.type === 'namespace' ? n.name : n.label,
      detail: detailOf(n),
      ...(n.parent && graphById.has(n.parent) ? { parent: n.parent } : {}),
    };
    depth.set(n.id, depthOf(n, graphById));
    (frame ? frames : cards).push(node);
  }
  frames.sort((a, b) => (depth.get(a.id) ?? 0) - (depth.get(b.id) ?? 0));
  const nodes = [...frames, ...cards];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: SceneEdge[] = [];
  for (const e of graph.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    edges.push({
      id: e.id,
      // React Flow's handles: out on the right, in on the left, both at mid-height.
      sx: s.x + s.width,
      sy: s.y + s.height / 2,
      tx: t.x,
      ty: t.y + t.height / 2,
      colour: edgeColour(e),
      width: e.origin === 'telemetry' ? 2 : 1.2,
      dashed: e.kind === 'selector',
      label: edgeLabel(e),
    });
  }
  return { nodes, edges, byId, bounds: boundsOf(nodes) };
}

function boundsOf(nodes: readonly Rect[]): Rect {
  if (!nodes.length) return { x: 0, y: 0, width: 0, height: 0 };
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const n of nodes) {
    x0 = Math.min(x0, n.x);
    y0 = Math.min(y0, n.y);
    x1 = Math.max(x1, n.x + n.width);
    y1 = Math.max(y1, n.y + n.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The part of the graph on screen for a viewport transform and a pane size. */
export function viewRect([tx, ty, zoom]: Transform, width: number, height: number): Rect {
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function containsRect(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/** `r` grown by `fraction` of its size on every side. */
export function inflate(r: Rect, fraction: number): Rect {
  const dx = r.width * fraction;
  const dy = r.height * fraction;
  return { x: r.x - dx, y: r.y - dy, width: r.width + 2 * dx, height: r.height + 2 * dy };
}

/** The box of an edge's curve (its end points and the bezier's control points). */
export function edgeBox(e: SceneEdge): Rect {
  const [c1x, , c2x] = controlPoints(e);
  const x0 = Math.min(e.sx, e.tx, c1x, c2x);
  const x1 = Math.max(e.sx, e.tx, c1x, c2x);
  const y0 = Math.min(e.sy, e.ty);
  return { x: x0, y: y0, width: x1 - x0, height: Math.max(e.sy, e.ty) - y0 };
}

/**
 * Control points of the cubic bezier from the right of the source to the left of the target, as
 * React Flow's default edge bends: `[c1x, c1y, c2x, c2y]`.
 */
export function controlPoints(
  e: Pick<SceneEdge, 'sx' | 'sy' | 'tx' | 'ty'>,
): [number, number, number, number] {
  const dx = e.tx - e.sx;
  // Forward: half the distance; backward (target left of source): a loop that grows with it.
  const offset = dx >= 0 ? 0.5 * dx : 0.25 * 25 * Math.sqrt(-dx);
  return [e.sx + offset, e.sy, e.tx - offset, e.ty];
}

/** The node drawn on top at a graph point: a card over a frame, an inner frame over an outer one. */
export function hitTest(scene: Scene, x: number, y: number): SceneNode | undefined {
  for (let i = scene.nodes.length - 1; i >= 0; i--) {
    const n = scene.nodes[i];
    if (n && x >= n.x && x <= n.x + n.width && y >= n.y && y <= n.y + n.height) return n;
  }
  return undefined;
}

/** How many nodes overlap `r`. */
export function countIn(scene: Scene, r: Rect): number {
  let count = 0;
  for (const n of scene.nodes) if (intersects(n, r)) count++;
  return count;
}

/** Ids of the nodes overlapping `r`, with the frames that hold them (React Flow needs a child's parent). */
export function idsIn(scene: Scene, r: Rect): Set<string> {
  const ids = new Set<string>();
  for (const n of scene.nodes) {
    if (!intersects(n, r)) continue;
    for (
      let c: SceneNode | undefined = n;
      c && !ids.has(c.id);
      c = c.parent ? scene.byId.get(c.parent) : undefined
    )
      ids.add(c.id);
  }
  return ids;
}

import { DETAIL_ZOOM } from './graph-context';
import { controlPoints, edgeBox, intersects, type Rect, type Scene, type SceneNode, viewRect } from './scene';
import { DATAPLANE_PAINT, TYPE_ICON } from './style';

/** Edge labels and cards' second lines are drawn from this zoom (12 px text is then ≥ 7 px). */
export const LABEL_ZOOM = 0.6;

const FONT = 'ui-sans-serif, system-ui, sans-serif';
const TITLE_FONT = `600 14px ${FONT}`;
const CARD_FONT = `500 12px ${FONT}`;
const SMALL_FONT = `11px ${FONT}`;

export interface DrawOptions {
  transform: readonly [number, number, number];
  /** Pane size in CSS pixels. */
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  ratio: number;
  selected?: string;
  /** The node with keyboard focus (from the node list). */
  focused?: string;
}

/** Truncated label per node and font, measured once per scene: zooming redraws without measuring. */
const fitted = new WeakMap<Scene, Map<string, string>>();

function truncate(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  key: string,
  text: string,
  max: number,
): string {
  let cache = fitted.get(scene);
  if (!cache) {
    cache = new Map();
    fitted.set(scene, cache);
  }
  const k = `${ctx.font}\u0000${key}`;
  const hit = cache.get(k);
  if (hit !== undefined) return hit;
  let out = text;
  if (ctx.measureText(text).width > max) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid;
      else hi = mid - 1;
    }
    out = `${text.slice(0, lo)}…`;
  }
  cache.set(k, out);
  return out;
}

/** Fills (and optionally strokes) many rectangles of one colour as one path. */
function batch(ctx: CanvasRenderingContext2D, groups: Map<string, Rect[]>, stroke: boolean) {
  for (const [colour, rects] of groups) {
    ctx.beginPath();
    for (const r of rects) ctx.rect(r.x, r.y, r.width, r.height);
    if (stroke) {
      ctx.strokeStyle = colour;
      ctx.stroke();
    } else {
      ctx.fillStyle = colour;
      ctx.fill();
    }
  }
}

function push(map: Map<string, Rect[]>, key: string, r: Rect) {
  const list = map.get(key);
  if (list) list.push(r);
  else map.set(key, [r]);
}

function drawFrames(ctx: CanvasRenderingContext2D, scene: Scene, frames: SceneNode[], zoom: number) {
  ctx.lineWidth = 1 / zoom;
  for (const f of frames) {
    ctx.fillStyle = f.type === 'group' ? 'rgba(248,250,252,0.6)' : 'rgba(241,245,249,0.5)';
    ctx.fillRect(f.x, f.y, f.width, f.height);
    ctx.strokeStyle = '#cbd5e1';
    ctx.setLineDash(f.type === 'group' ? [6 / zoom, 4 / zoom] : []);
    ctx.strokeRect(f.x, f.y, f.width, f.height);
  }
  ctx.setLineDash([]);
  if (zoom < DETAIL_ZOOM) return;
  ctx.fillStyle = '#475569';
  ctx.font = CARD_FONT;
  for (const f of frames)
    ctx.fillText(truncate(ctx, scene, `f${f.id}`, f.label, f.width - 24), f.x + 12, f.y + 22);
}

function drawEdges(ctx: CanvasRenderingContext2D, scene: Scene, view: Rect, zoom: number) {
  const groups = new Map<string, Path2D>();
  const labelled: { x: number; y: number; text: string }[] = [];
  for (const e of scene.edges) {
    if (!intersects(edgeBox(e), view)) continue;
    const key = `${e.colour}|${e.width}|${e.dashed ? 1 : 0}`;
    let path = groups.get(key);
    if (!path) {
      path = new Path2D();
      groups.set(key, path);
    }
    const [c1x, c1y, c2x, c2y] = controlPoints(e);
    path.moveTo(e.sx, e.sy);
    path.bezierCurveTo(c1x, c1y, c2x, c2y, e.tx, e.ty);
    if (e.label && zoom >= LABEL_ZOOM)
      labelled.push({ x: (e.sx + e.tx) / 2, y: (e.sy + e.ty) / 2, text: e.label });
  }
  for (const [key, path] of groups) {
    const [colour = '#64748b', width = '1', dashed] = key.split('|');
    ctx.strokeStyle = colour;
    // Never thinner than ~0.75 screen pixels, or zoomed-out edges vanish.
    ctx.lineWidth = Math.max(Number(width), 0.75 / zoom);
    ctx.setLineDash(dashed === '1' ? [4, 3] : []);
    ctx.stroke(path);
  }
  ctx.setLineDash([]);
  ctx.font = CARD_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const l of labelled) {
    const w = ctx.measureText(l.text).width + 8;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(l.x - w / 2, l.y - 9, w, 18);
    ctx.fillStyle = '#334155';
    ctx.fillText(l.text, l.x, l.y);
  }
  ctx.textAlign = 'start';
  ctx.textBaseline = 'alphabetic';
}

function drawCards(ctx: CanvasRenderingContext2D, scene: Scene, cards: SceneNode[], zoom: number) {
  if (zoom < DETAIL_ZOOM) {
    // Zoomed out: a block of the data plane's colour, as the DOM nodes draw themselves.
    const solid = new Map<string, Rect[]>();
    for (const c of cards) push(solid, DATAPLANE_PAINT[c.dataplane].solid, c);
    batch(ctx, solid, false);
    return;
  }
  const fills = new Map<string, Rect[]>();
  const rings = new Map<string, Rect[]>();
  for (const c of cards) {
    push(fills, DATAPLANE_PAINT[c.dataplane].fill, c);
    push(rings, DATAPLANE_PAINT[c.dataplane].ring, c);
  }
  batch(ctx, fills, false);
  ctx.lineWidth = 2;
  batch(ctx, rings, true);
  for (const c of cards) {
    const paint = DATAPLANE_PAINT[c.dataplane];
    const big = c.type === 'namespace' || c.type === 'group';
    ctx.fillStyle = paint.text;
    ctx.font = big ? TITLE_FONT : CARD_FONT;
    const title = big ? c.label : `${TYPE_ICON[c.type] ?? ''} ${c.label}`;
    ctx.fillText(truncate(ctx, scene, `t${c.id}`, title, c.width - 20), c.x + 10, c.y + (big ? 24 : 18));
    if (zoom >= LABEL_ZOOM && c.detail) {
      ctx.font = SMALL_FONT;
      ctx.fillText(truncate(ctx, scene, `d${c.id}`, c.detail, c.width - 20), c.x + 10, c.y + (big ? 46 : 36));
    }
  }
}

function ring(
  ctx: CanvasRenderingContext2D,
  n: SceneNode | undefined,
  zoom: number,
  colour: string,
  dash: number[],
) {
  if (!n) return;
  const pad = 3 / zoom;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 3 / zoom;
  ctx.setLineDash(dash.map((d) => d / zoom));
  ctx.strokeRect(n.x - pad, n.y - pad, n.width + 2 * pad, n.height + 2 * pad);
  ctx.setLineDash([]);
}

/**
 * Draws what of the scene is on screen: frames, then edges, then cards, then the selection and
 * keyboard focus rings. Cost follows what is on screen, not the graph's size.
 */
export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, o: DrawOptions) {
  const [tx, ty, zoom] = o.transform;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(o.ratio * zoom, 0, 0, o.ratio * zoom, o.ratio * tx, o.ratio * ty);
  const view = viewRect(o.transform, o.width, o.height);
  const frames: SceneNode[] = [];
  const cards: SceneNode[] = [];
  for (const n of scene.nodes) {
    if (!intersects(n, view)) continue;
    (n.kind === 'frame' ? frames : cards).push(n);
  }
  drawFrames(ctx, scene, frames, zoom);
  drawEdges(ctx, scene, view, zoom);
  drawCards(ctx, scene, cards, zoom);
  ring(ctx, o.selected ? scene.byId.get(o.selected) : undefined, zoom, '#0f172a', []);
  ring(ctx, o.focused ? scene.byId.get(o.focused) : undefined, zoom, '#2563eb', [6, 3]);
}

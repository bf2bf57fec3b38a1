import { containsRect, countIn, idsIn, inflate, type Rect, type Scene } from './scene';

/**
 * Which nodes of a large graph are mounted as React Flow (DOM) nodes. Zoomed out, none: the canvas
 * layer draws them all. Zoomed in so that few are on screen, those around the screen are mounted,
 * for their text, focus and clicks. Pure.
 */
export interface Mounted {
  ids: ReadonlySet<string>;
  /** The graph area whose nodes are mounted: the screen when they were chosen, plus a margin. */
  region: Rect;
}

export interface MountLimits {
  /** Mount once at most this many nodes are on screen. */
  mountAt: number;
  /** Back to the canvas alone once more than this many are (between the two: as it was). */
  unmountAt: number;
  /** Margin around the screen, as a fraction of its size, mounted ahead of panning. */
  margin: number;
}

/**
 * Hundreds of DOM nodes on screen cost the browser paint and hit-testing on every zoom step;
 * sixty cost about what the grouped view does (bench/topology-zoom.ts).
 */
export const MOUNT_LIMITS: MountLimits = { mountAt: 60, unmountAt: 120, margin: 0.15 };

/**
 * The mounted set for the graph area on screen, given the previous one. Returns `previous` itself
 * when nothing changes, so callers can skip a render: zooming in within the mounted region, or
 * zooming between the two limits, changes nothing.
 */
export function nextMounted(
  scene: Scene,
  view: Rect,
  previous: Mounted | undefined,
  limits: MountLimits = MOUNT_LIMITS,
): Mounted | undefined {
  const onScreen = countIn(scene, view);
  if (previous) {
    if (onScreen > limits.unmountAt) return undefined;
    if (containsRect(previous.region, view)) return previous;
  } else if (onScreen > limits.mountAt) return undefined;
  const region = inflate(view, limits.margin);
  return { ids: idsIn(scene, region), region };
}

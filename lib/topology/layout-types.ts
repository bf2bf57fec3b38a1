import type { GraphNode } from './types';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Box extends Point, Size {}

/** Result of a layout. All coordinates are top-left corners. */
export interface GraphLayout {
  engine: 'elk' | 'grid';
  /** Absolute position of every node, groups included. */
  positions: Record<string, Point>;
  /** Position relative to the node's parent group (what React Flow expects with `parentId`); absolute for top-level nodes. */
  relative: Record<string, Point>;
  sizes: Record<string, Size>;
  /** Absolute bounds of each expanded namespace group. */
  groupBounds: Record<string, Box>;
  width: number;
  height: number;
}

/** Padding inside a namespace group; the top leaves room for its title. */
export const GROUP_PADDING = { top: 40, left: 16, right: 16, bottom: 16 };
export const NODE_GAP = 24;

/** Fixed sizes per node type, shared by the layout and the canvas. */
export function nodeSize(node: Pick<GraphNode, 'type' | 'collapsed'>): Size {
  if (node.type === 'namespace')
    return node.collapsed ? { width: 220, height: 88 } : { width: 220, height: 60 };
  if (node.type === 'group') return node.collapsed ? { width: 260, height: 104 } : { width: 260, height: 60 };
  if (node.type === 'waypoint' || node.type === 'ingress') return { width: 180, height: 56 };
  return { width: 180, height: 48 };
}

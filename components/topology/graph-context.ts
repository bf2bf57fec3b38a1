'use client';

import { type ReactFlowState, useStore } from '@xyflow/react';
import { createContext, useContext } from 'react';
import type { GraphNode } from '@/lib/topology/types';

export interface GraphLookup {
  nodes: Map<string, GraphNode>;
  selected?: string;
  /** Many nodes: when zoomed out they are drawn as plain coloured blocks (see {@link useOutline}). */
  large?: boolean;
}

/** Below this zoom a node's text is under ~5 px on screen: unreadable, and costly to paint. */
export const DETAIL_ZOOM = 0.4;

const zoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

/** Node components receive only an id and look their data up here. */
export const GraphContext = createContext<GraphLookup>({ nodes: new Map() });

export function useGraphNode(id: string): GraphNode | undefined {
  return useContext(GraphContext).nodes.get(id);
}

export function useIsSelected(id: string): boolean {
  return useContext(GraphContext).selected === id;
}

/**
 * Whether to draw nodes as plain blocks of their data plane's colour, without text or border: on
 * a large graph zoomed out past {@link DETAIL_ZOOM}. Nodes re-render only when the zoom crosses
 * it, so zooming stays cheap.
 */
export function useOutline(): boolean {
  const large = useContext(GraphContext).large ?? false;
  const far = useStore(zoomedOut);
  return large && far;
}

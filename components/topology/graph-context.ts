'use client';

import { createContext, useContext } from 'react';
import type { GraphNode } from '@/lib/topology/types';

export interface GraphLookup {
  nodes: Map<string, GraphNode>;
  selected?: string;
}

/** Node components receive only an id and look their data up here. */
export const GraphContext = createContext<GraphLookup>({ nodes: new Map() });

export function useGraphNode(id: string): GraphNode | undefined {
  return useContext(GraphContext).nodes.get(id);
}

export function useIsSelected(id: string): boolean {
  return useContext(GraphContext).selected === id;
}

'use client';

import { Controls, MiniMap, type Node, ReactFlow, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import type { TopologyView } from '@/lib/views/topology';
import { GraphContext } from './graph-context';
import { NODE_TYPES } from './nodes';
import { toFlow } from './to-flow';

/**
 * Past this many nodes, nodes zoomed out are drawn as plain coloured blocks (`useOutline`). Every
 * node stays mounted: drawing only what is on screen re-renders the node list and mounts and
 * measures nodes on every zoom step, which cost more than painting them (bench/topology-zoom.ts).
 * No dotted background either: repainting its pattern on every step cost more than a grouped
 * view's nodes.
 */
const OUTLINE_FROM = 300;

/** The graph canvas: positions come from the server's elk layout; this only draws and reports clicks. */
export function TopologyCanvas({
  view,
  selected,
  onNodeClick,
}: {
  view: TopologyView;
  selected?: string;
  onNodeClick: (id: string) => void;
}) {
  const flow = useMemo(() => toFlow(view), [view]);
  const lookup = useMemo(
    () => ({
      nodes: new Map(view.graph.nodes.map((n) => [n.id, n])),
      selected,
      large: flow.nodes.length > OUTLINE_FROM,
    }),
    [view, flow, selected],
  );
  const [rf, setRf] = useState<ReactFlowInstance>();
  const focus = view.graph.focus;
  // A node jumped to is brought to the middle at a readable zoom once it is drawn.
  useEffect(() => {
    if (!rf || !focus) return;
    const t = setTimeout(() => void rf.fitView({ nodes: [{ id: focus }], maxZoom: 1.2, duration: 400 }), 50);
    return () => clearTimeout(t);
  }, [rf, focus]);
  return (
    <GraphContext.Provider value={lookup}>
      <div
        className="h-[70vh] min-h-[480px] rounded border border-slate-200 bg-white"
        data-testid="topology-canvas"
      >
        <ReactFlow
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={(_e, n: Node) => onNodeClick(n.id)}
          onInit={setRf}
          fitView
          fitViewOptions={{ maxZoom: 1.1 }}
          minZoom={0.05}
          nodesDraggable={false}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable />
        </ReactFlow>
      </div>
    </GraphContext.Provider>
  );
}

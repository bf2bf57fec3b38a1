'use client';

import { Background, Controls, MiniMap, type Node, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { TopologyView } from '@/lib/views/topology';
import { GraphContext } from './graph-context';
import { NODE_TYPES } from './nodes';
import { toFlow } from './to-flow';

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
    () => ({ nodes: new Map(view.graph.nodes.map((n) => [n.id, n])), selected }),
    [view, selected],
  );
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
          fitView
          minZoom={0.05}
          nodesDraggable={false}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable />
        </ReactFlow>
      </div>
    </GraphContext.Provider>
  );
}

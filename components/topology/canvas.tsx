'use client';

import {
  ControlButton,
  Controls,
  MiniMap,
  type Node,
  ReactFlow,
  type ReactFlowInstance,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TopologyView } from '@/lib/views/topology';
import { CanvasLayer } from './canvas-layer';
import { EDGE_TYPES } from './edges';
import { GraphContext } from './graph-context';
import type { Mounted } from './mount';
import { NodeList } from './node-list';
import { NODE_TYPES } from './nodes';
import { buildScene, hitTest, type Scene } from './scene';
import { toFlow } from './to-flow';

/**
 * Past this many nodes the graph is drawn on one canvas layer (`CanvasLayer`) and only the nodes
 * around the screen are mounted as DOM nodes, once few are on screen: painting and hit-testing
 * hundreds of positioned elements on every zoom step is what made zoom slow, not script
 * (bench/topology-zoom.ts). Edges are then drawn on the canvas alone, and the minimap is hidden.
 */
export const CANVAS_FROM = 300;

/** Zoom at which "Go to" shows the node it found. */
const FOCUS_ZOOM = 1.2;

/**
 * Where the viewport goes, by priority: to a node "Go to" found, to a namespace or group just
 * opened on a large graph (lost among the others otherwise), or, entering the canvas mode, to the
 * whole graph (React Flow's fitView fits mounted DOM nodes only). Each happens once: a refresh of
 * the same view (telemetry every few seconds) does not move it.
 */
function useViewportMoves(
  rf: ReactFlowInstance | undefined,
  scene: Scene | undefined,
  focus: string | undefined,
  reveal: { id: string } | undefined,
) {
  const done = useRef<{ entered: boolean; focus?: string; reveal?: { id: string } }>({ entered: false });
  useEffect(() => {
    const m = done.current;
    if (!scene) m.entered = false;
    if (!rf) return;
    if (focus !== m.focus) {
      m.focus = focus;
      if (focus) {
        m.entered = Boolean(scene);
        const n = scene?.byId.get(focus);
        if (n) void rf.setCenter(n.x + n.width / 2, n.y + n.height / 2, { zoom: FOCUS_ZOOM, duration: 400 });
        // DOM nodes are measured after they mount: fit once they are.
        else
          setTimeout(
            () => void rf.fitView({ nodes: [{ id: focus }], maxZoom: FOCUS_ZOOM, duration: 400 }),
            50,
          );
        return;
      }
    }
    const frame = reveal ? scene?.byId.get(reveal.id) : undefined;
    if (frame?.kind === 'frame' && reveal !== m.reveal) {
      m.reveal = reveal;
      m.entered = true;
      void rf.fitBounds(frame, { padding: 0.2, duration: 400 });
      return;
    }
    if (scene && !m.entered) {
      m.entered = true;
      void rf.fitBounds(scene.bounds, { padding: 0.05 });
    }
  }, [rf, scene, focus, reveal]);
}

/** The graph canvas: positions come from the server's elk layout; this only draws and reports clicks. */
export function TopologyCanvas({
  view,
  selected,
  reveal,
  onNodeClick,
}: {
  view: TopologyView;
  selected?: string;
  /** A container just opened by a click (a new object per click): brought into view once drawn. */
  reveal?: { id: string };
  onNodeClick: (id: string) => void;
}) {
  const flow = useMemo(() => toFlow(view), [view]);
  const large = flow.nodes.length > CANVAS_FROM;
  const scene = useMemo(() => (large ? buildScene(view) : undefined), [large, view]);
  const lookup = useMemo(
    () => ({ nodes: new Map(view.graph.nodes.map((n) => [n.id, n])), selected, large }),
    [view, selected, large],
  );
  const [mounted, setMounted] = useState<{ scene: Scene; value: Mounted | undefined }>();
  const onMounted = useCallback(
    (s: Scene, value: Mounted | undefined) => setMounted({ scene: s, value }),
    [],
  );
  const [focused, setFocused] = useState<string>();
  // A stable callback: the node list (thousands of buttons) must not re-render with its parent.
  const click = useRef(onNodeClick);
  click.current = onNodeClick;
  const activate = useCallback((id: string) => click.current(id), []);
  const nodes = useMemo(() => {
    if (!scene) return flow.nodes;
    const ids = mounted?.scene === scene ? mounted.value?.ids : undefined;
    return ids ? flow.nodes.filter((n) => ids.has(n.id)) : [];
  }, [flow, scene, mounted]);
  const [rf, setRf] = useState<ReactFlowInstance>();
  const focus = view.graph.focus;
  useViewportMoves(rf, scene, focus, reveal);
  // Nodes drawn on the canvas are hit-tested here; mounted ones get React Flow's own clicks.
  const onPaneClick = (e: MouseEvent) => {
    if (!scene || !rf) return;
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const hit = hitTest(scene, p.x, p.y);
    if (hit) onNodeClick(hit.id);
  };
  const onPaneMouseMove = (e: MouseEvent) => {
    if (!scene || !rf) return;
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const hit = hitTest(scene, p.x, p.y);
    const pane = e.currentTarget as HTMLElement;
    pane.style.cursor = hit ? 'pointer' : '';
    pane.title = hit?.label ?? '';
  };
  return (
    <GraphContext.Provider value={lookup}>
      <div
        className="h-[70vh] min-h-[480px] rounded border border-slate-200 bg-white"
        data-testid="topology-canvas"
        data-render={scene ? 'canvas' : 'dom'}
      >
        <ReactFlow
          nodes={nodes}
          edges={scene ? [] : flow.edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodeClick={(_e, n: Node) => onNodeClick(n.id)}
          onPaneClick={onPaneClick}
          onPaneMouseMove={onPaneMouseMove}
          onInit={setRf}
          fitView={!scene}
          fitViewOptions={{ maxZoom: 1.1 }}
          minZoom={0.02}
          nodesDraggable={false}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
        >
          {scene && (
            <>
              <CanvasLayer scene={scene} selected={selected} focused={focused} onMounted={onMounted} />
              <NodeList scene={scene} onFocusNode={setFocused} onActivate={activate} />
            </>
          )}
          {/* React Flow's own "fit view" fits the mounted nodes only: on the canvas, fit the scene. */}
          <Controls showInteractive={false} showFitView={!scene}>
            {scene && (
              <ControlButton
                title="Fit view"
                aria-label="Fit view"
                onClick={() => void rf?.fitBounds(scene.bounds, { padding: 0.05, duration: 300 })}
              >
                ⤢
              </ControlButton>
            )}
          </Controls>
          {/* Thousands of specks in 200 px say nothing and cost a repaint per zoom step. */}
          {!scene && <MiniMap pannable zoomable />}
        </ReactFlow>
      </div>
    </GraphContext.Provider>
  );
}

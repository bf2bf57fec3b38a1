'use client';

import { type ReactFlowState, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { drawScene } from './draw';
import { type Mounted, nextMounted } from './mount';
import { type Scene, viewRect } from './scene';

/** The viewport rests once it has not moved for this long: DOM nodes are then mounted and shown. */
const REST_MS = 150;

/**
 * One <canvas> under React Flow's viewport that draws the whole graph of a large view, redrawn
 * on every viewport change from React Flow's store (no React render per zoom step). It also says
 * which nodes to mount as DOM nodes (`onMounted`): once the viewport rests with few on screen.
 */
export function CanvasLayer({
  scene,
  selected,
  focused,
  onMounted,
}: {
  scene: Scene;
  selected?: string;
  focused?: string;
  onMounted: (scene: Scene, mounted: Mounted | undefined) => void;
}) {
  const store = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  // The latest props, read by the store subscription without re-subscribing.
  const latest = useRef({ scene, selected, focused, onMounted });
  const redraw = useRef<() => void>(undefined);
  const mounted = useRef<{ scene: Scene; value: Mounted | undefined }>(undefined);

  useEffect(() => {
    let frame = 0;
    let idle: ReturnType<typeof setTimeout> | undefined;
    // While the viewport moves the canvas draws everything and the DOM nodes are hidden
    // (`data-moving` on React Flow's wrapper); they are chosen and shown once it rests.
    const moving = () => {
      const wrapper = canvas.current?.parentElement;
      if (wrapper && !wrapper.dataset.moving) wrapper.dataset.moving = 'true';
      clearTimeout(idle);
      idle = setTimeout(() => {
        idle = undefined;
        if (wrapper) delete wrapper.dataset.moving;
        schedule();
      }, REST_MS);
    };
    const draw = () => {
      frame = 0;
      const el = canvas.current;
      const ctx = el?.getContext('2d');
      const s: ReactFlowState = store.getState();
      if (!el || !ctx || !s.width || !s.height) return;
      const p = latest.current;
      const ratio = window.devicePixelRatio || 1;
      const w = Math.round(s.width * ratio);
      const h = Math.round(s.height * ratio);
      if (el.width !== w || el.height !== h) {
        el.width = w;
        el.height = h;
      }
      const t0 = performance.now();
      drawScene(ctx, p.scene, {
        transform: s.transform,
        width: s.width,
        height: s.height,
        ratio,
        selected: p.selected,
        focused: p.focused,
      });
      el.dataset.drawMs = (performance.now() - t0).toFixed(1);
      el.dataset.viewport = s.transform.map((v) => v.toFixed(4)).join(' ');
      if (idle) return;
      const prev = mounted.current?.scene === p.scene ? mounted.current.value : undefined;
      const next = nextMounted(p.scene, viewRect(s.transform, s.width, s.height), prev);
      if (next !== prev || mounted.current?.scene !== p.scene) {
        mounted.current = { scene: p.scene, value: next };
        el.dataset.mounted = String(next?.ids.size ?? 0);
        p.onMounted(p.scene, next);
      }
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.transform !== prev.transform) moving();
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) schedule();
    });
    redraw.current = schedule;
    schedule();
    return () => {
      unsubscribe();
      redraw.current = undefined;
      clearTimeout(idle);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [store]);

  // New props: draw once more.
  useEffect(() => {
    latest.current = { scene, selected, focused, onMounted };
    redraw.current?.();
  }, [scene, selected, focused, onMounted]);

  return (
    <>
      {/* DOM nodes are hidden while the viewport moves: the canvas then draws them. */}
      <style>{'.react-flow[data-moving] .react-flow__nodes { visibility: hidden; }'}</style>
      <canvas
        ref={canvas}
        data-testid="topology-canvas-layer"
        data-nodes={scene.nodes.length}
        data-edges={scene.edges.length}
        aria-hidden
        // Under React Flow's renderer (z-index 4): DOM nodes, when mounted, are drawn over it.
        className="pointer-events-none absolute inset-0 z-[3] h-full w-full"
      />
    </>
  );
}

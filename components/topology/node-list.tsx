'use client';

import { useReactFlow, useStoreApi } from '@xyflow/react';
import { memo } from 'react';
import { containsRect, type Scene, viewRect } from './scene';
import { DATAPLANE_STYLE } from './style';

const ACTION: Partial<Record<string, string>> = {
  namespace: 'expand',
  group: 'open',
};

/**
 * Keyboard access to a graph drawn on the canvas: one button per node, visually hidden. Focus
 * brings the node into view and rings it on the canvas; Enter or Space acts as a click.
 */
export const NodeList = memo(function NodeList({
  scene,
  onFocusNode,
  onActivate,
}: {
  scene: Scene;
  onFocusNode: (id: string | undefined) => void;
  onActivate: (id: string) => void;
}) {
  const store = useStoreApi();
  const { setCenter } = useReactFlow();
  const reveal = (id: string) => {
    onFocusNode(id);
    const n = scene.byId.get(id);
    const { transform, width, height } = store.getState();
    if (!n || containsRect(viewRect(transform, width, height), n)) return;
    void setCenter(n.x + n.width / 2, n.y + n.height / 2, { zoom: transform[2], duration: 200 });
  };
  return (
    <ul aria-label="Graph nodes" className="sr-only" data-testid="graph-node-list">
      {scene.nodes.map((n) => (
        <li key={n.id}>
          <button
            type="button"
            data-id={n.id}
            onFocus={() => reveal(n.id)}
            onBlur={() => onFocusNode(undefined)}
            onClick={() => onActivate(n.id)}
          >
            {n.type} {n.label}, {DATAPLANE_STYLE[n.dataplane].label}
            {n.kind === 'card' && ACTION[n.type] ? ` (${ACTION[n.type]})` : ''}
          </button>
        </li>
      ))}
    </ul>
  );
});

'use client';

import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';

/**
 * An edge whose label is drawn above the nodes: an SVG label sits under any node its edge's middle
 * passes beneath, and rates or weights would be hidden. The line stays under the nodes.
 */
function LabelledEdge(props: EdgeProps) {
  const [path, x, y] = getBezierPath(props);
  const { id, label, style, markerEnd, markerStart, interactionWidth } = props;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        style={style}
        markerEnd={markerEnd}
        markerStart={markerStart}
        interactionWidth={interactionWidth}
      />
      {label ? (
        <EdgeLabelRenderer>
          <div
            data-edge-label={id}
            className="nodrag nopan pointer-events-none absolute rounded bg-white/90 px-1 text-xs text-slate-700 shadow-sm"
            style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const EDGE_TYPES = { labelled: memo(LabelledEdge) };

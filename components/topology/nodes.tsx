'use client';

import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import type { GraphNode } from '@/lib/topology/types';
import { useGraphNode, useIsSelected, useOutline } from './graph-context';
import { DATAPLANE_STYLE, TYPE_ICON } from './style';

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Left} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" />
      <Handle type="source" position={Position.Right} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" />
    </>
  );
}

/** A workload, Service, gateway, waypoint or external host. */
export const GraphNodeCard = memo(function GraphNodeCard({ id }: NodeProps) {
  const node = useGraphNode(id);
  const selected = useIsSelected(id);
  const outline = useOutline();
  if (!node) return null;
  const s = DATAPLANE_STYLE[node.dataplane];
  const attrs = {
    'data-testid': 'graph-node',
    'data-type': node.type,
    'data-dataplane': node.dataplane,
    title: node.detail ?? node.label,
  };
  if (outline)
    return (
      <div className={`h-full w-full ${s.solid} ${selected ? 'ring-2 ring-slate-900' : ''}`} {...attrs}>
        <Handles />
        <span className="sr-only">{node.label}</span>
      </div>
    );
  return (
    <div
      className={`h-full w-full rounded-md border-2 px-2 py-1 text-xs shadow-sm ${s.fill} ${s.ring} ${s.text} ${selected ? 'ring-2 ring-slate-900' : ''}`}
      {...attrs}
    >
      <Handles />
      <div className="flex items-center gap-1 font-medium">
        <span aria-hidden>{TYPE_ICON[node.type]}</span>
        <span className="truncate">{node.label}</span>
      </div>
      <div className="mt-0.5 flex gap-1 overflow-hidden">
        {node.badges.slice(0, 3).map((b) => (
          <span key={b} className="truncate rounded bg-white/70 px-1 text-[10px] leading-4" data-badge={b}>
            {b}
          </span>
        ))}
      </div>
    </div>
  );
});

/** An expanded namespace: a labelled frame around its nodes. */
export const NamespaceGroup = memo(function NamespaceGroup({ id }: NodeProps) {
  const node = useGraphNode(id);
  if (!node) return null;
  return (
    <div
      className="h-full w-full rounded-lg border border-slate-300 bg-slate-100/40"
      data-testid="namespace-group"
      data-namespace={node.name}
    >
      <div className="flex items-center gap-2 px-3 py-2 text-xs font-semibold text-slate-600">
        <span>{node.name}</span>
        {node.counts?.pods && (
          <span className="font-normal text-slate-400">{node.counts.pods.total} pods</span>
        )}
      </div>
    </div>
  );
});

/** An open group: a frame around its namespaces, titled with the group. */
export const PlatformGroupFrame = memo(function PlatformGroupFrame({ id }: NodeProps) {
  const node = useGraphNode(id);
  if (!node) return null;
  return (
    <div
      className="h-full w-full rounded-xl border-2 border-dashed border-slate-300 bg-slate-50/60"
      data-testid="namespace-group-frame"
      data-group={node.name}
    >
      <div className="px-3 py-2 text-sm font-semibold text-slate-600">
        {node.label} <span className="font-normal text-slate-400">{node.badges[0]}</span>
      </div>
    </div>
  );
});

/**
 * A closed container (a namespace, or a group of namespaces) drawn as one node: its data-plane
 * colours, a title, what it holds and its pod mix.
 */
function SummaryCard({
  node,
  rounded,
  testId,
  data,
  hint,
  title,
  children,
}: {
  node: GraphNode;
  rounded: string;
  testId: string;
  data: Record<string, string>;
  hint: string;
  title: ReactNode;
  children?: ReactNode;
}) {
  const outline = useOutline();
  const pods = node.counts?.pods;
  const s = DATAPLANE_STYLE[node.dataplane];
  if (outline)
    return (
      <div
        className={`h-full w-full ${s.solid}`}
        data-testid={testId}
        data-dataplane={node.dataplane}
        title={hint}
        {...data}
      >
        <Handles />
        <span className="sr-only">{node.label}</span>
      </div>
    );
  return (
    <div
      className={`h-full w-full ${rounded} border-2 px-3 py-2 text-sm shadow ${s.fill} ${s.ring} ${s.text}`}
      data-testid={testId}
      data-dataplane={node.dataplane}
      title={hint}
      {...data}
    >
      <Handles />
      <div className="truncate text-base font-semibold">{title}</div>
      {children}
      {pods && (
        <div className="text-xs">
          {pods.total} pods · {pods.sidecar} sidecar · {pods.ambient} ztunnel
        </div>
      )}
    </div>
  );
}

/** A namespace collapsed into one node, with its data-plane mix. */
export const CollapsedNamespace = memo(function CollapsedNamespace({ id }: NodeProps) {
  const node = useGraphNode(id);
  if (!node) return null;
  return (
    <SummaryCard
      node={node}
      rounded="rounded-lg"
      testId="collapsed-namespace"
      data={{ 'data-namespace': node.name }}
      hint="Click to expand"
      title={
        <>
          <span aria-hidden>▢</span> <span>{node.name}</span>
        </>
      }
    >
      <div className="mt-1 text-[11px] opacity-70">click to expand</div>
    </SummaryCard>
  );
});

/** A group of namespaces (by migration state or a label), closed: counts and a click to open. */
export const PlatformGroup = memo(function PlatformGroup({ id }: NodeProps) {
  const node = useGraphNode(id);
  if (!node) return null;
  return (
    <SummaryCard
      node={node}
      rounded="rounded-xl"
      testId="namespace-group-card"
      data={{ 'data-group': node.name }}
      hint="Click to show its namespaces"
      title={node.label}
    >
      <div className="mt-1 text-xs">{node.badges[0]}</div>
    </SummaryCard>
  );
});

export const NODE_TYPES = {
  graph: GraphNodeCard,
  group: NamespaceGroup,
  collapsed: CollapsedNamespace,
  platformGroup: PlatformGroup,
  platformFrame: PlatformGroupFrame,
};

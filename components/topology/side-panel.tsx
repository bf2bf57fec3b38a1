'use client';

import Link from 'next/link';
import type { TopologyView } from '@/lib/views/topology';
import { DATAPLANE_STYLE } from './style';

/** Details of the selected node and its edges. */
export function SidePanel({ view, id, onClose }: { view: TopologyView; id: string; onClose: () => void }) {
  const node = view.graph.nodes.find((n) => n.id === id);
  if (!node) return null;
  const name = (nid: string) => view.graph.nodes.find((n) => n.id === nid)?.label ?? nid;
  const out = view.graph.edges.filter((e) => e.source === id);
  const inc = view.graph.edges.filter((e) => e.target === id);
  return (
    <aside
      aria-label="Node details"
      className="w-80 shrink-0 space-y-3 rounded border border-slate-200 bg-white p-4 text-sm"
      data-testid="side-panel"
    >
      <div className="flex items-start justify-between">
        <div>
          <p className="text-xs uppercase text-slate-500">{node.type}</p>
          <h2 className="font-semibold">{node.label}</h2>
          {node.namespace && (
            <Link
              className="text-xs text-blue-700 hover:underline"
              href={`/namespaces/${encodeURIComponent(node.namespace)}`}
            >
              namespace {node.namespace}
            </Link>
          )}
        </div>
        <button
          type="button"
          aria-label="Close details"
          onClick={onClose}
          className="text-slate-400 hover:text-slate-900"
        >
          ✕
        </button>
      </div>
      <p>
        <span
          className={`rounded px-2 py-0.5 text-xs ${DATAPLANE_STYLE[node.dataplane].fill} ${DATAPLANE_STYLE[node.dataplane].text}`}
        >
          {DATAPLANE_STYLE[node.dataplane].label}
        </span>
      </p>
      {node.detail && <p className="text-slate-600">{node.detail}</p>}
      <div className="flex flex-wrap gap-1">
        {node.badges.map((b) => (
          <span key={b} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">
            {b}
          </span>
        ))}
      </div>
      {[
        ['Outgoing', out, (e: (typeof out)[number]) => name(e.target)],
        ['Incoming', inc, (e: (typeof out)[number]) => name(e.source)],
      ].map(([title, list, other]) => {
        const edges = list as typeof out;
        const peer = other as (e: (typeof out)[number]) => string;
        return edges.length ? (
          <div key={title as string}>
            <h3 className="text-xs font-semibold uppercase text-slate-500">{title as string}</h3>
            <ul className="mt-1 space-y-0.5">
              {edges.map((e) => (
                <li key={e.id} className="flex justify-between gap-2">
                  <span className="truncate">{peer(e)}</span>
                  <span className="shrink-0 text-xs text-slate-500">
                    {e.kind}
                    {e.weight !== undefined ? ` ${e.weight}%` : ''}
                    {e.requestRate ? ` ${e.requestRate.toFixed(1)} rps` : ''}
                    {e.errorRate ? ` ${(e.errorRate * 100).toFixed(1)}% 5xx` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null;
      })}
    </aside>
  );
}

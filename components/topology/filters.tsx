'use client';

import type { GraphDataplane } from '@/lib/topology/types';
import type { TopologyParams } from '@/lib/views/topology';
import { DATAPLANE_ORDER, DATAPLANE_STYLE } from './style';

function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/** Namespace, data-plane and edge-source filters plus search. */
export function TopologyFilters({
  params,
  namespaces,
  onChange,
}: {
  params: TopologyParams;
  namespaces: string[];
  onChange: (p: TopologyParams) => void;
}) {
  return (
    <div className="flex flex-wrap items-start gap-4 text-sm">
      <input
        type="search"
        aria-label="Search the graph"
        placeholder="Search nodes"
        defaultValue={params.search}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange({ ...params, search: e.currentTarget.value.trim() });
        }}
        onBlur={(e) => {
          if (e.currentTarget.value.trim() !== params.search)
            onChange({ ...params, search: e.currentTarget.value.trim() });
        }}
        className="w-52 rounded border border-slate-300 px-2 py-1"
      />
      <details className="relative">
        <summary className="cursor-pointer rounded border border-slate-300 bg-white px-2 py-1">
          Namespaces{params.namespaces.length ? ` (${params.namespaces.length})` : ': all'}
        </summary>
        <fieldset className="absolute z-10 mt-1 max-h-72 w-64 overflow-auto rounded border border-slate-200 bg-white p-2 shadow-lg">
          <legend className="sr-only">Namespaces</legend>
          {namespaces.map((ns) => (
            <label key={ns} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                checked={params.namespaces.includes(ns)}
                onChange={() => onChange({ ...params, namespaces: toggle(params.namespaces, ns) })}
              />
              {ns}
            </label>
          ))}
        </fieldset>
      </details>
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">Data plane</legend>
        {DATAPLANE_ORDER.map((d: GraphDataplane) => (
          <label key={d} className="flex items-center gap-1">
            <input
              type="checkbox"
              aria-label={`Show ${DATAPLANE_STYLE[d].label}`}
              checked={params.dataplanes.length === 0 || params.dataplanes.includes(d)}
              onChange={() => {
                const current = params.dataplanes.length === 0 ? [...DATAPLANE_ORDER] : params.dataplanes;
                const next = toggle(current, d);
                onChange({ ...params, dataplanes: next.length === DATAPLANE_ORDER.length ? [] : next });
              }}
            />
            <span className={`rounded px-1 ${DATAPLANE_STYLE[d].fill} ${DATAPLANE_STYLE[d].text}`}>{d}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="flex items-center gap-2">
        <legend className="sr-only">Edges</legend>
        {(['config', 'telemetry'] as const).map((src) => (
          <label key={src} className="flex items-center gap-1">
            <input
              type="checkbox"
              aria-label={`${src} edges`}
              checked={params.edges.includes(src)}
              onChange={() => {
                const next = toggle(params.edges, src);
                if (next.length) onChange({ ...params, edges: next });
              }}
            />
            {src} edges
          </label>
        ))}
      </fieldset>
    </div>
  );
}

'use client';

import type { GraphLevel } from '@/lib/topology/types';
import type { TopologyParams } from '@/lib/views/topology';

const LEVELS: { value: TopologyParams['level']; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'groups', label: 'Groups of namespaces' },
  { value: 'namespaces', label: 'Namespaces' },
  { value: 'workloads', label: 'Workloads and Services' },
];

/** Level of detail, how namespaces are grouped, and a box that jumps to a node. */
export function ViewControls({
  params,
  level,
  labels,
  focusMissed,
  onChange,
}: {
  params: TopologyParams;
  level?: GraphLevel;
  labels: string[];
  focusMissed: boolean;
  onChange: (p: TopologyParams) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-4 text-sm">
      <label className="flex items-center gap-2">
        Detail
        <select
          aria-label="Level of detail"
          value={params.level}
          onChange={(e) =>
            onChange({ ...params, level: e.target.value as TopologyParams['level'], open: [] })
          }
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          {LEVELS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
              {l.value === 'auto' && level ? ` (${level})` : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2">
        Group namespaces by
        <select
          aria-label="Group namespaces by"
          value={params.groupBy}
          onChange={(e) =>
            onChange({ ...params, groupBy: e.target.value as TopologyParams['groupBy'], open: [] })
          }
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          <option value="state">migration state</option>
          {labels.map((l) => (
            <option key={l} value={`label:${l}`}>
              label {l}
            </option>
          ))}
        </select>
      </label>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const text = String(new FormData(e.currentTarget).get('focus') ?? '').trim();
          onChange({ ...params, focus: text });
        }}
      >
        <input
          name="focus"
          type="search"
          aria-label="Go to a node"
          placeholder="Go to workload or Service"
          defaultValue={params.focus}
          className="w-56 rounded border border-slate-300 px-2 py-1"
        />
        <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-1">
          Go
        </button>
        {focusMissed && (
          <span role="status" className="text-xs text-amber-800">
            No node matches “{params.focus}”.
          </span>
        )}
      </form>
    </div>
  );
}

'use client';

import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import { CoverageBar } from '@/components/mesh/coverage-bar';
import { StateBadge } from '@/components/mesh/state-badge';
import { EnrolButton } from '@/components/migration/enrol-button';
import { FigureText, SavingText } from '@/components/platform/figures';
import type { NamespaceCost, Saving } from '@/lib/platform/cost-model';
import { type NamespaceQuery, type NamespaceSortKey, queryNamespaces } from '@/lib/views/namespace-table';
import type { NamespaceRow } from '@/lib/views/summary';

const COLUMNS: { key: NamespaceSortKey | null; label: string }[] = [
  { key: 'name', label: 'Namespace' },
  { key: 'state', label: 'State' },
  { key: 'pods', label: 'Pods' },
  { key: 'sidecar', label: 'Coverage' },
  { key: null, label: 'Waypoint' },
  { key: null, label: 'Sidecar cost' },
  { key: 'blockers', label: 'Blockers' },
  { key: null, label: 'Actions' },
];

const STATES = ['sidecar', 'mixed', 'ambient', 'ambient-l7', 'out-of-mesh'];

/** One namespace's resource figures for the cost column (absent until they load). */
export interface NamespaceCostCell {
  cost: NamespaceCost;
  saving: Saving;
}

/** Sortable, filterable, paged table of namespaces. */
export function NamespaceTable({
  rows,
  costs,
}: {
  rows: NamespaceRow[];
  costs?: ReadonlyMap<string, NamespaceCostCell>;
}) {
  const [q, setQ] = useState<NamespaceQuery>({
    text: '',
    state: '',
    sort: 'name',
    desc: false,
    page: 0,
    pageSize: 100,
  });
  const deferred = useDeferredValue(q);
  const result = useMemo(() => queryNamespaces(rows, deferred), [rows, deferred]);
  const update = (patch: Partial<NamespaceQuery>) => setQ((prev) => ({ ...prev, page: 0, ...patch }));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <input
          type="search"
          aria-label="Filter namespaces"
          placeholder="Filter by name or waypoint"
          className="w-64 rounded border border-slate-300 px-2 py-1 text-sm"
          value={q.text}
          onChange={(e) => update({ text: e.target.value })}
        />
        <select
          aria-label="Filter by state"
          className="rounded border border-slate-300 px-2 py-1 text-sm"
          value={q.state}
          onChange={(e) => update({ state: e.target.value })}
        >
          <option value="">All states</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="text-sm text-slate-500" data-testid="namespace-count">
          {result.total} of {rows.length} namespaces
        </span>
      </div>
      <table className="w-full rounded border border-slate-200 bg-white text-sm" aria-label="Namespaces">
        <thead>
          <tr className="text-left text-xs uppercase text-slate-500">
            {COLUMNS.map((c) => (
              <th
                key={c.label}
                className="px-3 py-2"
                aria-sort={c.key && q.sort === c.key ? (q.desc ? 'descending' : 'ascending') : undefined}
              >
                {c.key ? (
                  <button
                    type="button"
                    className="uppercase hover:text-slate-900"
                    onClick={() => {
                      const key = c.key as NamespaceSortKey;
                      setQ((prev) => ({ ...prev, sort: key, desc: prev.sort === key ? !prev.desc : false }));
                    }}
                  >
                    {c.label}
                    {q.sort === c.key ? (q.desc ? ' ↓' : ' ↑') : ''}
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr
              key={r.name}
              className="border-t border-slate-100 hover:bg-slate-50"
              data-testid={`ns-row-${r.name}`}
            >
              <td className="px-3 py-1.5">
                <Link
                  className="text-blue-700 hover:underline"
                  href={`/namespaces/${encodeURIComponent(r.name)}`}
                >
                  {r.name}
                </Link>
              </td>
              <td className="px-3 py-1.5">
                <StateBadge state={r.state} />
              </td>
              <td className="px-3 py-1.5 tabular-nums">{r.pods.total}</td>
              <td className="px-3 py-1.5">
                <CoverageBar counts={r.pods} />
              </td>
              <td className="px-3 py-1.5 text-slate-600">
                {r.waypoint ? `${r.waypoint.namespace}/${r.waypoint.name}` : '—'}
              </td>
              <td className="px-3 py-1.5 text-xs" data-testid="ns-cost">
                <CostCell cell={costs?.get(r.name)} />
              </td>
              <td className="px-3 py-1.5 tabular-nums">
                {r.findingsPending ? (
                  <span className="text-xs text-slate-400">checking…</span>
                ) : r.blockers > 0 ? (
                  <span className="font-medium text-red-700">{r.blockers}</span>
                ) : (
                  <span className="text-slate-400">0</span>
                )}
                {r.warnings > 0 && (
                  <span className="ml-2 text-xs text-amber-700">
                    +{r.warnings} warning{r.warnings === 1 ? '' : 's'}
                  </span>
                )}
              </td>
              <td className="px-3 py-1.5">
                <EnrolButton
                  namespaces={[r.name]}
                  offer={r.pods.sidecar > 0 && r.blockers === 0 && !r.findingsPending}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.pages > 1 && (
        <div className="flex items-center gap-2 text-sm">
          <button
            type="button"
            disabled={q.page === 0}
            onClick={() => setQ((p) => ({ ...p, page: p.page - 1 }))}
            className="rounded border px-2 py-0.5 disabled:opacity-40"
          >
            Previous
          </button>
          <span>
            Page {Math.min(q.page, result.pages - 1) + 1} of {result.pages}
          </span>
          <button
            type="button"
            disabled={q.page >= result.pages - 1}
            onClick={() => setQ((p) => ({ ...p, page: p.page + 1 }))}
            className="rounded border px-2 py-0.5 disabled:opacity-40"
          >
            Next
          </button>
        </div>
      )}
    </div>
  );
}

function CostCell({ cell }: { cell: NamespaceCostCell | undefined }) {
  if (!cell) return <span className="text-slate-400">…</span>;
  if (cell.cost.sidecarPods === 0) return <span className="text-slate-400">no sidecars</span>;
  return (
    <>
      <FigureText f={cell.cost.sidecar} />
      <span className="block">
        <SavingText s={cell.saving} />
      </span>
    </>
  );
}

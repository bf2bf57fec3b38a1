'use client';

import { useMigrationPlan } from '@/lib/client/use-migration';
import type { WorkloadRollout } from '@/lib/migrate';

/** Live restart progress of a namespace's workloads: pods recreated, ready, captured by ztunnel. */
export function RolloutList({ ns }: { ns: string }) {
  const { data } = useMigrationPlan(ns, 'istio');
  if (!data) return <p className="text-xs text-slate-500">Loading the workloads of {ns}…</p>;
  return <RolloutTable ns={ns} rows={data.rollout} />;
}

/** Restart progress rows (from the namespace's migration view). */
export function RolloutTable({ ns, rows }: { ns: string; rows: WorkloadRollout[] }) {
  if (!rows.length) return <p className="text-xs text-slate-500">No workloads to restart in {ns}.</p>;
  return (
    <table className="w-full text-xs" aria-label={`Restarts in ${ns}`}>
      <thead>
        <tr className="text-left uppercase text-slate-500">
          <th className="pr-2">Workload</th>
          <th className="pr-2">Recreated</th>
          <th className="pr-2">Ready</th>
          <th className="pr-2">Captured by ztunnel</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((w) => (
          <tr key={w.id} data-testid={`rollout-${w.id}`} data-done={w.done}>
            <td className="pr-2">
              <code>{w.name}</code>
            </td>
            <td className="pr-2 tabular-nums">
              {w.recreated}/{w.desired}
            </td>
            <td className="pr-2 tabular-nums">
              {w.ready}/{w.desired}
            </td>
            <td className="pr-2 tabular-nums">
              {w.captured}/{w.desired} {w.done ? '✔' : '…'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

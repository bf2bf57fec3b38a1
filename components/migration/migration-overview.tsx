'use client';

import Link from 'next/link';
import { StateBadge } from '@/components/mesh/state-badge';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { useMigrationOverview } from '@/lib/client/use-migration';
import { useSummary } from '@/lib/client/use-summary';
import { HistoryTable } from './history-table';
import { ProgrammeProgressCard } from './programme-progress';

const SEV = { blocker: 'text-red-700', warning: 'text-amber-700', info: 'text-slate-600' } as const;

/** Cluster preconditions, namespaces to migrate, and the cluster-wide history. */
export function MigrationOverview() {
  const overview = useMigrationOverview();
  const summary = useSummary();
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">Migration</h1>
      {overview.data && <ProgrammeProgressCard progress={overview.data.progress} />}
      {overview.isPending ? (
        <PageSkeleton rows={3} />
      ) : overview.error ? (
        <ErrorPanel title="Migration data unavailable" message={overview.error.message} />
      ) : (
        <section aria-label="Cluster checks" className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-medium">Cluster checks</h2>
          <ul className="space-y-1 text-sm">
            {overview.data.checks.map((c) => (
              <li key={c.id} data-testid={`check-${c.id}`} data-ok={c.ok}>
                <span className={c.ok ? 'text-emerald-700' : SEV[c.severity]}>{c.ok ? '✔' : '✖'}</span>{' '}
                {c.message}
                {!c.ok && <span className="block pl-5 text-xs text-slate-500">Fix: {c.fix}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {summary.data && (
        <section aria-label="Namespaces to migrate" className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-medium">Namespaces in the mesh</h2>
          <table className="w-full text-sm" aria-label="Namespaces to migrate">
            <tbody>
              {summary.data.namespaces
                .filter((n) => n.state !== 'out-of-mesh' || n.pods.total > 0)
                .map((n) => (
                  <tr key={n.name} className="border-t border-slate-100">
                    <td className="py-1 pr-3">{n.name}</td>
                    <td className="py-1 pr-3">
                      <StateBadge state={n.state} />
                    </td>
                    <td className="py-1 pr-3 text-xs">
                      {n.findingsPending ? (
                        <span className="text-slate-400">checking…</span>
                      ) : n.blockers > 0 ? (
                        <span className="text-red-700">{n.blockers} blocker(s)</span>
                      ) : (
                        <span className="text-slate-400">no blockers</span>
                      )}
                      {n.warnings > 0 && <span className="ml-2 text-amber-700">{n.warnings} warning(s)</span>}
                    </td>
                    <td className="py-1 text-right">
                      <Link
                        className="rounded bg-slate-900 px-3 py-0.5 text-xs text-white"
                        href={`/migration/${encodeURIComponent(n.name)}`}
                      >
                        Plan
                      </Link>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      )}
      {overview.data && (
        <section aria-label="Cluster history" className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-medium">History</h2>
          <HistoryTable records={overview.data.records} showNamespace />
        </section>
      )}
    </div>
  );
}

import Link from 'next/link';
import type { RecordSummary } from '@/lib/views/migration';
import { TrafficCell } from './traffic-cell';

/** Applied steps as recorded in the cluster: who, when, what changed. */
export function HistoryTable({
  records,
  showNamespace,
}: {
  records: RecordSummary[];
  showNamespace?: boolean;
}) {
  if (records.length === 0) return <p className="text-sm text-slate-500">No step has been applied yet.</p>;
  return (
    <table className="w-full text-sm" aria-label="History">
      <thead>
        <tr className="text-left text-xs uppercase text-slate-500">
          <th className="py-1 pr-3">When</th>
          {showNamespace && <th className="py-1 pr-3">Namespace</th>}
          <th className="py-1 pr-3">Step</th>
          <th className="py-1 pr-3">Who</th>
          <th className="py-1 pr-3">Status</th>
          <th className="py-1 pr-3">Changes</th>
          <th className="py-1">Traffic</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top" data-testid={`record-${r.id}`}>
            <td className="py-1 pr-3 whitespace-nowrap tabular-nums">
              {r.when.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}
            </td>
            {showNamespace && (
              <td className="py-1 pr-3">
                <Link
                  className="text-blue-700 hover:underline"
                  href={`/migration/${encodeURIComponent(r.namespace)}`}
                >
                  {r.namespace}
                </Link>
              </td>
            )}
            <td className="py-1 pr-3">{r.step}</td>
            <td className="py-1 pr-3">{r.who}</td>
            <td className="py-1 pr-3">
              {r.status}
              {r.rollback && (
                <span className="block text-xs text-slate-500">rolled back by {r.rollback.who}</span>
              )}
            </td>
            <td className="py-1 pr-3 text-xs">
              {r.enrolment && <div className="text-slate-500">enrolment {r.enrolment}</div>}
              {r.changes.map((c) => (
                <div key={`${c.action}${c.ref}`}>
                  {c.change} <code>{c.ref}</code>{' '}
                  {c.summary && <span className="text-slate-500">{c.summary}</span>}
                  {c.status !== 'done' && <span className="text-red-700"> ({c.status})</span>}
                </div>
              ))}
              {r.error && <div className="text-red-700">{r.error}</div>}
            </td>
            <td className="py-1 text-xs">
              <TrafficCell
                recordId={r.id}
                ns={r.namespace}
                step={r.step}
                check={r.traffic}
                rolledBack={r.status === 'rolled-back'}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

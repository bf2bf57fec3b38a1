'use client';

import Link from 'next/link';
import { CoverageBar } from '@/components/mesh/coverage-bar';
import { DataplaneBadge } from '@/components/mesh/dataplane-badge';
import { StateBadge } from '@/components/mesh/state-badge';
import { EnrolButton } from '@/components/migration/enrol-button';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { useNamespaceDetail } from '@/lib/client/use-summary';
import { FindingsList } from './findings-list';

/** One namespace: its state, every workload with its data plane and why, services and their waypoints. */
export function NamespaceDetail({ name }: { name: string }) {
  const { data, error, isPending } = useNamespaceDetail(name);
  if (isPending) return <PageSkeleton />;
  if (error) return <ErrorPanel title={`Namespace ${name} unavailable`} message={error.message} />;
  const ns = data.namespace;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Namespace {ns.name}</h1>
        <StateBadge state={ns.state} />
        <CoverageBar counts={ns.pods} />
        <span className="text-sm text-slate-500">
          {ns.pods.total} pods · {ns.pods.sidecar} sidecar · {ns.pods.ambient} ztunnel ·{' '}
          {ns.pods.ambientPending} pending · {ns.pods.none} none
        </span>
        <span className="ml-auto flex gap-2">
          <EnrolButton namespaces={[ns.name]} offer={ns.pods.sidecar > 0} />
          <Link
            className="rounded border border-slate-300 px-3 py-1 text-sm"
            href={`/routes?namespace=${encodeURIComponent(ns.name)}`}
          >
            Routes
          </Link>
          <Link
            className="rounded bg-slate-900 px-3 py-1 text-sm text-white"
            href={`/migration/${encodeURIComponent(ns.name)}`}
          >
            Migrate
          </Link>
        </span>
      </div>
      <section className="flex flex-wrap gap-2 text-xs" aria-label="Labels">
        {Object.entries(data.labels).map(([k, v]) => (
          <code key={k} className="rounded bg-slate-100 px-1.5 py-0.5">
            {k}={v}
          </code>
        ))}
        {ns.waypoint && (
          <span className="rounded bg-violet-100 px-2 py-0.5 text-violet-900">
            waypoint {ns.waypoint.namespace}/{ns.waypoint.name}
          </span>
        )}
        {ns.waypointProblem && (
          <span className="rounded bg-red-100 px-2 py-0.5 text-red-800">{ns.waypointProblem}</span>
        )}
      </section>
      <section className="rounded border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-medium">Workloads</h2>
        <table className="w-full text-sm" aria-label="Workloads">
          <thead>
            <tr className="text-left text-xs uppercase text-slate-500">
              <th className="py-1 pr-3">Workload</th>
              <th className="py-1 pr-3">Data plane</th>
              <th className="py-1 pr-3">Pods</th>
              <th className="py-1 pr-3">Waypoint</th>
              <th className="py-1">Why</th>
            </tr>
          </thead>
          <tbody>
            {data.workloads.map((w) => (
              <tr
                key={w.id}
                className="border-t border-slate-100"
                data-testid={`workload-${w.kind}-${w.name}`}
              >
                <td className="py-1 pr-3">
                  <span className="text-slate-500">{w.kind}/</span>
                  {w.name}
                </td>
                <td className="py-1 pr-3">
                  <DataplaneBadge value={w.dataplane} />
                </td>
                <td className="py-1 pr-3 tabular-nums">{w.pods.total}</td>
                <td className="py-1 pr-3">
                  {w.waypoint ? `${w.waypoint.namespace}/${w.waypoint.name}` : '—'}
                </td>
                <td className="py-1 text-slate-600">{w.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="rounded border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-medium">Services</h2>
        <table className="w-full text-sm" aria-label="Services">
          <thead>
            <tr className="text-left text-xs uppercase text-slate-500">
              <th className="py-1 pr-3">Service</th>
              <th className="py-1 pr-3">Data plane</th>
              <th className="py-1 pr-3">Waypoint</th>
              <th className="py-1">Why</th>
            </tr>
          </thead>
          <tbody>
            {data.services.map((s) => (
              <tr key={s.id} className="border-t border-slate-100">
                <td className="py-1 pr-3">
                  <span className="text-slate-500">{s.kind}/</span>
                  {s.name}
                </td>
                <td className="py-1 pr-3">
                  <DataplaneBadge value={s.dataplane} />
                </td>
                <td className="py-1 pr-3">
                  {s.waypoint ? `${s.waypoint.namespace}/${s.waypoint.name}` : '—'}
                </td>
                <td className="py-1 text-slate-600">
                  {s.waypointReason}
                  {s.waypointProblem && <span className="ml-1 text-red-700">({s.waypointProblem})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <FindingsList findings={data.findings} />
    </div>
  );
}

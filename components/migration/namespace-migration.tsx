'use client';

import Link from 'next/link';
import { useState } from 'react';
import { FindingsList } from '@/components/namespaces/findings-list';
import { NamespacePlatform } from '@/components/platform/projected-saving';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { useMigrationPlan } from '@/lib/client/use-migration';
import { DEFAULT_CLASS, isTarget, TARGET_LABEL, TARGETS, type Target } from '@/lib/convert/targets/types';
import { EnrolButton } from './enrol-button';
import { HistoryTable } from './history-table';
import { RolloutTable } from './rollout-list';
import { StepCard } from './step-card';

/** The plan of one namespace, step by step, with its history. */
export function NamespaceMigration({ ns }: { ns: string }) {
  const [gatewayClass, setGatewayClass] = useState('istio');
  const [certificates, setCertificates] = useState('reference-grant');
  const [target, setTarget] = useState<Target>('istio');
  const { data, error, isPending } = useMigrationPlan(ns, gatewayClass, certificates, target);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Migration of {ns}</h1>
        <Link
          className="text-sm text-blue-700 hover:underline"
          href={`/namespaces/${encodeURIComponent(ns)}`}
        >
          namespace page
        </Link>
        <label className="ml-auto flex items-center gap-1 text-sm">
          Target
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={target}
            onChange={(e) => {
              const t = isTarget(e.target.value) ? e.target.value : 'istio';
              setTarget(t);
              setGatewayClass(DEFAULT_CLASS[t]);
            }}
          >
            {TARGETS.map((t) => (
              <option key={t} value={t}>
                {TARGET_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm">
          Ingress gateway class
          <input
            key={gatewayClass}
            aria-label="Ingress gateway class"
            className="w-32 rounded border border-slate-300 px-2 py-1"
            defaultValue={gatewayClass}
            onBlur={(e) =>
              /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(e.target.value) && setGatewayClass(e.target.value)
            }
          />
        </label>
        <label className="flex items-center gap-1 text-sm">
          Certificates
          <select
            aria-label="Certificates of the new Gateway"
            className="rounded border border-slate-300 px-2 py-1"
            value={certificates}
            onChange={(e) => setCertificates(e.target.value)}
          >
            <option value="reference-grant">keep the Secrets (ReferenceGrant)</option>
            <option value="cert-manager">issue with cert-manager (issuer annotation)</option>
          </select>
        </label>
        {/* Nothing to enrol or export without a plan (a namespace that is not there, or not readable). */}
        <EnrolButton namespaces={[ns]} gatewayClass={gatewayClass} offer={data !== undefined} />
        {data && (
          <a
            className="rounded border border-slate-400 px-3 py-1 text-sm"
            href={`/api/migration/${encodeURIComponent(ns)}/export?gatewayClass=${encodeURIComponent(gatewayClass)}&target=${target}&certificates=${certificates}`}
            download
          >
            Export for GitOps (.tar)
          </a>
        )}
      </div>
      {isPending ? (
        <PageSkeleton />
      ) : error ? (
        <ErrorPanel title={`Plan of ${ns} unavailable`} message={error.message} />
      ) : (
        <>
          {data.readOnly && (
            <p
              role="status"
              className="rounded bg-slate-100 px-3 py-2 text-sm"
              data-testid="read-only-banner"
            >
              Read-only: {data.readOnlyReason}. Previews still run as server-side dry runs; applying and
              rolling back are off.
            </p>
          )}
          {data.waypoint && (
            <p className="text-sm text-slate-600">
              Waypoint:{' '}
              <code>
                {data.waypoint.namespace}/{data.waypoint.name}
              </code>
            </p>
          )}
          <NamespacePlatform ns={ns} />
          <FindingsList findings={data.findings} />
          <section aria-label="Steps" className="space-y-2">
            <h2 className="font-medium">Steps</h2>
            <ol className="space-y-3">
              {data.steps.map((s, i) => (
                <StepCard
                  key={s.id}
                  ns={ns}
                  gatewayClass={gatewayClass}
                  certificates={certificates}
                  target={target}
                  index={i}
                  step={s}
                  readOnly={data.readOnly}
                  findings={data.findings.filter((f) => f.step === s.id)}
                />
              ))}
            </ol>
          </section>
          <section aria-label="Workload restarts" className="rounded border border-slate-200 bg-white p-4">
            <h2 className="mb-2 font-medium">Workloads: pods recreated, ready, captured by ztunnel</h2>
            <RolloutTable ns={ns} rows={data.rollout} />
          </section>
          <section aria-label="Namespace history" className="rounded border border-slate-200 bg-white p-4">
            <h2 className="mb-2 font-medium">History</h2>
            <HistoryTable records={data.records} />
          </section>
        </>
      )}
    </div>
  );
}

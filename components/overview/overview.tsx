'use client';

import { IncompleteNotice } from '@/components/namespaces/incomplete-notice';
import { IngressPanel } from '@/components/platform/ingress-panel';
import { SavingsCard } from '@/components/platform/savings-card';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { useClusterStatus } from '@/lib/client/use-cluster';
import { usePlatform } from '@/lib/client/use-platform';
import { useSummary } from '@/lib/client/use-summary';
import { ConnectionError } from './connection-error';
import { KindStatusTable } from './kind-status-table';
import { Readiness } from './readiness';

export function Overview() {
  const { data, error, isPending } = useClusterStatus();
  const summary = useSummary();
  const platform = usePlatform();
  if (isPending) return <PageSkeleton />;
  if (error) return <ErrorPanel title="Cluster status unavailable" message={error.message} />;
  if (data.error) return <ConnectionError name={data.info.name} message={data.error} />;
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Overview</h1>
      {data.problems.length > 0 && (
        <section
          className="rounded border border-amber-200 bg-amber-50 p-3 text-sm"
          aria-label="Input problems"
        >
          <p className="font-medium">Some documents could not be read:</p>
          <ul className="mt-1 list-disc pl-5">
            {data.problems.map((p) => {
              const where = p.document === undefined ? p.file : `${p.file}#${p.document}`;
              return (
                <li key={where}>
                  {where}: {p.message}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {summary.data && <IncompleteNotice items={summary.data.incomplete} />}
      {summary.data ? (
        <Readiness summary={summary.data} {...(platform.data ? { meshCa: platform.data.meshCa } : {})} />
      ) : summary.error ? (
        <ErrorPanel title="Summary unavailable" message={summary.error.message} />
      ) : (
        <PageSkeleton rows={3} />
      )}
      {platform.data ? (
        <>
          <SavingsCard view={platform.data} />
          <IngressPanel
            certificates={platform.data.certificates}
            loadBalancers={platform.data.loadBalancers}
          />
        </>
      ) : platform.error ? (
        <ErrorPanel
          title="Resources, certificates and addresses unavailable"
          message={platform.error.message}
        />
      ) : (
        <PageSkeleton rows={2} />
      )}
      <section className="rounded border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-medium">What was loaded</h2>
        <KindStatusTable kinds={data.kinds} />
      </section>
    </div>
  );
}

'use client';

import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { useSummary } from '@/lib/client/use-summary';
import { IncompleteNotice } from './incomplete-notice';
import { NamespaceTable } from './namespace-table';

export function NamespacesPage() {
  const { data, error, isPending } = useSummary();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Namespaces</h1>
      {isPending ? (
        <PageSkeleton />
      ) : error ? (
        <ErrorPanel title="Namespaces unavailable" message={error.message} />
      ) : (
        <>
          <IncompleteNotice items={data.incomplete} />
          <NamespaceTable rows={data.namespaces} />
        </>
      )}
    </div>
  );
}

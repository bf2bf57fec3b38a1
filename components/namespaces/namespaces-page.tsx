'use client';

import { useMemo } from 'react';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { usePlatform } from '@/lib/client/use-platform';
import { useSummary } from '@/lib/client/use-summary';
import { projectedSaving } from '@/lib/platform/cost-model';
import { IncompleteNotice } from './incomplete-notice';
import { type NamespaceCostCell, NamespaceTable } from './namespace-table';

export function NamespacesPage() {
  const { data, error, isPending } = useSummary();
  const platform = usePlatform();
  const costs = useMemo(() => {
    const model = platform.data?.cost;
    if (!model) return undefined;
    const out = new Map<string, NamespaceCostCell>();
    for (const cost of model.namespaces) {
      const saving = projectedSaving(model, cost.namespace);
      if (saving) out.set(cost.namespace, { cost, saving });
    }
    return out;
  }, [platform.data]);
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
          <NamespaceTable rows={data.namespaces} costs={costs} />
        </>
      )}
    </div>
  );
}

import { HydrationBoundary } from '@tanstack/react-query';
import { NamespacesPage } from '@/components/namespaces/namespaces-page';
import { clusterKeys } from '@/lib/client/keys';
import { getConnection } from '@/lib/cluster/registry';
import { dehydrated } from '@/lib/server/hydrate';
import { summaryView } from '@/lib/server/summary';

export default async function Page() {
  const conn = await getConnection();
  const entries: [readonly unknown[], unknown][] = conn.error
    ? []
    : [[clusterKeys.summary(), await summaryView(conn.source)]];
  return (
    <HydrationBoundary state={dehydrated(entries)}>
      <NamespacesPage />
    </HydrationBoundary>
  );
}

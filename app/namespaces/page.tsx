import { HydrationBoundary } from '@tanstack/react-query';
import { NamespacesPage } from '@/components/namespaces/namespaces-page';
import { clusterKeys } from '@/lib/client/keys';
import { dehydrated } from '@/lib/server/hydrate';
import { pageContext } from '@/lib/server/page';
import { summaryView } from '@/lib/server/summary';

export default async function Page() {
  const { conn } = await pageContext('/namespaces');
  const entries: [readonly unknown[], unknown][] = conn.error
    ? []
    : [[clusterKeys.summary(), await summaryView(conn.source)]];
  return (
    <HydrationBoundary state={dehydrated(entries)}>
      <NamespacesPage />
    </HydrationBoundary>
  );
}

import { HydrationBoundary } from '@tanstack/react-query';
import { Overview } from '@/components/overview/overview';
import { clusterKeys } from '@/lib/client/keys';
import { dehydrated } from '@/lib/server/hydrate';
import { pageContext } from '@/lib/server/page';
import { summaryView } from '@/lib/server/summary';

export default async function OverviewPage() {
  const { conn } = await pageContext('/');
  const entries: [readonly unknown[], unknown][] = conn.error
    ? []
    : [[clusterKeys.summary(), await summaryView(conn.source)]];
  return (
    <HydrationBoundary state={dehydrated(entries)}>
      <Overview />
    </HydrationBoundary>
  );
}

import { Suspense } from 'react';
import { PageSkeleton } from '@/components/shell/skeleton';
import { TopologyPage } from '@/components/topology/topology-page';
import { pageContext } from '@/lib/server/page';

export default async function Page() {
  await pageContext('/topology');
  return (
    <Suspense fallback={<PageSkeleton rows={4} />}>
      <TopologyPage />
    </Suspense>
  );
}

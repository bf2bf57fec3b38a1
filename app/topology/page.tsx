import { Suspense } from 'react';
import { PageSkeleton } from '@/components/shell/skeleton';
import { TopologyPage } from '@/components/topology/topology-page';

export default function Page() {
  return (
    <Suspense fallback={<PageSkeleton rows={4} />}>
      <TopologyPage />
    </Suspense>
  );
}

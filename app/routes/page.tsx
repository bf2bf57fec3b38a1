import { Suspense } from 'react';
import { RoutesPage } from '@/components/routes/routes-page';
import { PageSkeleton } from '@/components/shell/skeleton';
import { pageContext } from '@/lib/server/page';

export default async function Page() {
  const { conn } = await pageContext('/routes');
  const res = conn.error ? undefined : conn.source.snapshot().resources;
  const namespaces = res
    ? [
        ...new Set(
          [...res.virtualservices, ...res.istiogateways, ...res.ingresses].map(
            (o) => o.metadata.namespace ?? '',
          ),
        ),
      ]
        .filter(Boolean)
        .sort()
    : [];
  return (
    <Suspense fallback={<PageSkeleton rows={4} />}>
      <RoutesPage namespaces={namespaces} />
    </Suspense>
  );
}

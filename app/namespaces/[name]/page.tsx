import { HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { NamespaceDetail } from '@/components/namespaces/namespace-detail';
import { clusterKeys } from '@/lib/client/keys';
import { dehydrated } from '@/lib/server/hydrate';
import { pageContext } from '@/lib/server/page';
import { namespaceDetailView } from '@/lib/server/summary';

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const { conn } = await pageContext(`/namespaces/${encodeURIComponent(name)}`);
  const view = conn.error ? undefined : await namespaceDetailView(conn.source, name);
  if (!conn.error && !view) notFound();
  return (
    <HydrationBoundary state={dehydrated(view ? [[clusterKeys.namespace(name), view]] : [])}>
      <NamespaceDetail name={name} />
    </HydrationBoundary>
  );
}

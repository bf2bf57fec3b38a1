import { NamespaceMigration } from '@/components/migration/namespace-migration';
import { pageContext } from '@/lib/server/page';

export default async function Page({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  await pageContext(`/migration/${encodeURIComponent(ns)}`);
  return <NamespaceMigration ns={decodeURIComponent(ns)} />;
}

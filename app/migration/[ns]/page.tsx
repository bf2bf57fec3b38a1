import { NamespaceMigration } from '@/components/migration/namespace-migration';

export default async function Page({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  return <NamespaceMigration ns={decodeURIComponent(ns)} />;
}

import { NamespaceDetail } from '@/components/namespaces/namespace-detail';

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <NamespaceDetail name={decodeURIComponent(name)} />;
}

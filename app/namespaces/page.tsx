import { NamespacesPage } from '@/components/namespaces/namespaces-page';

export default function Page() {
  return <NamespacesPage />;
}

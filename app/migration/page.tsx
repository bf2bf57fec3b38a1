import { MigrationOverview } from '@/components/migration/migration-overview';
import { pageContext } from '@/lib/server/page';

export default async function Page() {
  await pageContext('/migration');
  return <MigrationOverview />;
}

import { MigrationOverview } from '@/components/migration/migration-overview';

export default function Page() {
  return <MigrationOverview />;
}

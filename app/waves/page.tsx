import { WavesBoard } from '@/components/migration/waves-board';

export default function Page() {
  return <WavesBoard />;
}

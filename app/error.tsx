'use client';

import { ErrorPanel } from '@/components/shell/error-panel';

export default function RouteError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorPanel title="This page could not be shown" message={error.message} onRetry={reset} />;
}

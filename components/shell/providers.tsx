'use client';

import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { clusterKeys } from '@/lib/client/keys';

/** Keeps every cluster query current: the server pushes a message per change burst. */
function LiveUpdates() {
  const qc = useQueryClient();
  useEffect(() => {
    const es = new EventSource('/api/events');
    const refresh = () => void qc.invalidateQueries({ queryKey: clusterKeys.all });
    es.addEventListener('change', refresh);
    es.addEventListener('switch', refresh);
    return () => es.close();
  }, [qc]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: 1 } },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <LiveUpdates />
      {children}
    </QueryClientProvider>
  );
}

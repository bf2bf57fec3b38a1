'use client';

import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { clusterKeys, isStale, type LiveUpdate } from '@/lib/client/keys';
import { invalidateLive } from '@/lib/client/live';

/** Keeps every cluster query current: the server pushes a message per change burst. */
function LiveUpdates() {
  const qc = useQueryClient();
  useEffect(() => {
    const es = new EventSource('/api/events');
    const refresh = () => void invalidateLive(qc, (q) => q.queryKey[0] === clusterKeys.all[0]);
    // Only the queries of the namespaces a message names are refetched.
    const update = (type: LiveUpdate['type']) => (e: MessageEvent<string>) => {
      let namespaces: string[] | undefined;
      try {
        const data = JSON.parse(e.data) as { namespaces?: unknown };
        if (Array.isArray(data.namespaces)) namespaces = data.namespaces.map(String);
      } catch {
        // A message that cannot be read refreshes everything.
      }
      const msg: LiveUpdate = namespaces ? { type, namespaces } : { type };
      void invalidateLive(qc, (q) => isStale(msg, q.queryKey));
    };
    // The connection opens after the page loaded its data, and may reconnect: what changed in
    // between is refetched (the server's first message carries its current revision).
    let connected = false;
    es.addEventListener('hello', (e: MessageEvent<string>) => {
      let revision = Number.NaN;
      try {
        revision = Number((JSON.parse(e.data) as { revision?: unknown }).revision);
      } catch {
        // unreadable: treated as changed
      }
      const loaded = qc.getQueryData<{ revision?: number }>(clusterKeys.summary())?.revision;
      if (connected || Number.isNaN(revision) || (loaded !== undefined && loaded < revision)) refresh();
      connected = true;
    });
    es.addEventListener('change', update('change'));
    es.addEventListener('summary', update('summary'));
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

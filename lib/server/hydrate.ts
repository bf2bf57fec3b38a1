import 'server-only';
import { type DehydratedState, dehydrate, QueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * Seeds React Query with data computed on the server, so the first client render matches the
 * server's HTML and no page waits for a second round trip.
 */
export function dehydrated(entries: [QueryKey, unknown][]): DehydratedState {
  const qc = new QueryClient();
  for (const [key, data] of entries) qc.setQueryData(key, data);
  return dehydrate(qc);
}

import type { Query, QueryClient } from '@tanstack/react-query';

/**
 * Marks the queries a live update names stale and refetches those on screen. A query whose first
 * fetch is still in flight cannot be refetched at once (the fetch already running is joined), and
 * that fetch may have been answered before the change: it is fetched again once it settles.
 */
export async function invalidateLive(qc: QueryClient, stale: (q: Query) => boolean): Promise<void> {
  const inFlight = qc
    .getQueryCache()
    .findAll({ predicate: stale, fetchStatus: 'fetching' })
    .filter((q) => q.state.data === undefined);
  const settled = inFlight.map((q) => q.promise?.catch(() => undefined));
  await qc.invalidateQueries({ predicate: stale });
  await Promise.all(
    inFlight.map(async (q, i) => {
      await settled[i];
      await qc.invalidateQueries({ queryKey: q.queryKey, exact: true });
    }),
  );
}

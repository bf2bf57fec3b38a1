'use client';

import { useQuery } from '@tanstack/react-query';
import type { MigrationNamespaceView, MigrationOverviewView } from '../views/migration';
import { fetchJson } from './fetch';
import { clusterKeys } from './keys';

export function useMigrationOverview() {
  return useQuery({
    queryKey: clusterKeys.history(),
    queryFn: () => fetchJson<MigrationOverviewView>('/api/migration'),
  });
}

/** Milliseconds until the first traffic check still measuring is due (at least 1 s), or false. */
export function verdictDueIn(view: MigrationNamespaceView | undefined, now = Date.now()): number | false {
  let due: number | undefined;
  for (const r of view?.records ?? []) {
    if (r.traffic?.status !== 'measuring') continue;
    const parsed = Date.parse(r.traffic.until);
    const t = Number.isFinite(parsed) ? parsed : now;
    due = Math.min(due ?? t, t);
  }
  return due === undefined ? false : Math.max(1000, due - now + 500);
}

export function useMigrationPlan(
  ns: string,
  gatewayClass: string,
  certificates = 'reference-grant',
  target = 'istio',
) {
  return useQuery({
    queryKey: [...clusterKeys.plan(ns), gatewayClass, certificates, target],
    queryFn: () =>
      fetchJson<MigrationNamespaceView>(
        `/api/migration/${encodeURIComponent(ns)}?gatewayClass=${encodeURIComponent(gatewayClass)}&certificates=${encodeURIComponent(certificates)}&target=${encodeURIComponent(target)}`,
      ),
    // Telemetry changes no object, so no live update announces a verdict: ask again when it is due.
    refetchInterval: (q) => verdictDueIn(q.state.data),
  });
}

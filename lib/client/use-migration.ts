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
  });
}

'use client';

import { useQuery } from '@tanstack/react-query';
import type { ClusterStatusView } from '../views/cluster';
import { fetchJson } from './fetch';
import { clusterKeys } from './keys';

export function useClusterStatus() {
  return useQuery({
    queryKey: clusterKeys.status(),
    queryFn: () => fetchJson<ClusterStatusView>('/api/cluster'),
  });
}

'use client';

import { useQuery } from '@tanstack/react-query';
import type { PlatformView } from '../views/platform';
import { fetchJson } from './fetch';
import { clusterKeys } from './keys';

/** Savings, certificates, load balancers and mesh CA of the cluster. */
export function usePlatform() {
  return useQuery({
    queryKey: clusterKeys.platform(),
    queryFn: () => fetchJson<PlatformView>('/api/platform'),
  });
}

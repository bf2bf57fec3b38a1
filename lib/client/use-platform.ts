'use client';

import { useQuery } from '@tanstack/react-query';
import type { PlatformView } from '../views/platform';
import { fetchJson } from './fetch';
import { clusterKeys } from './keys';

/**
 * Savings, certificates, load balancers and mesh CA of the cluster; with `namespace`, MetalLB
 * addresses are judged for that namespace's plan alone (as its plan findings are).
 */
export function usePlatform(namespace?: string) {
  return useQuery({
    queryKey: clusterKeys.platform(namespace),
    queryFn: () =>
      fetchJson<PlatformView>(
        namespace ? `/api/platform?namespace=${encodeURIComponent(namespace)}` : '/api/platform',
      ),
  });
}

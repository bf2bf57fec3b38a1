'use client';

import { useQuery } from '@tanstack/react-query';
import type { WavesView } from '../views/waves';
import { fetchJson } from './fetch';
import { clusterKeys } from './keys';

export function useWaves() {
  return useQuery({ queryKey: clusterKeys.waves(), queryFn: () => fetchJson<WavesView>('/api/waves') });
}

'use client';

import { useQuery } from '@tanstack/react-query';
import type { NamespaceDetailView, SummaryView } from '../views/summary';
import { fetchJson } from './fetch';
import { clusterKeys } from './keys';

export function useSummary() {
  return useQuery({ queryKey: clusterKeys.summary(), queryFn: () => fetchJson<SummaryView>('/api/summary') });
}

export function useNamespaceDetail(name: string) {
  return useQuery({
    queryKey: clusterKeys.namespace(name),
    queryFn: () => fetchJson<NamespaceDetailView>(`/api/namespaces/${encodeURIComponent(name)}`),
  });
}

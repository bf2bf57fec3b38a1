/**
 * Query keys, general to specific. Everything under `cluster` is invalidated when the cluster
 * changes; `useQuery`, `setQueryData` and `invalidateQueries` all use these.
 */
export const clusterKeys = {
  all: ['cluster'] as const,
  status: () => [...clusterKeys.all, 'status'] as const,
  summary: () => [...clusterKeys.all, 'summary'] as const,
  namespace: (name: string) => [...clusterKeys.all, 'namespace', name] as const,
  topology: (params: string) => [...clusterKeys.all, 'topology', params] as const,
  routes: (namespace: string, gatewayClass: string) =>
    [...clusterKeys.all, 'routes', namespace, gatewayClass] as const,
  plan: (namespace: string) => [...clusterKeys.all, 'plan', namespace] as const,
  history: (namespace?: string) => [...clusterKeys.all, 'history', namespace ?? '*'] as const,
  waves: () => [...clusterKeys.all, 'waves'] as const,
  access: (namespace: string) => [...clusterKeys.all, 'access', namespace] as const,
  platform: () => [...clusterKeys.all, 'platform'] as const,
};

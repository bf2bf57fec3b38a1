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
  platform: (namespace?: string) => [...clusterKeys.all, 'platform', namespace ?? '*'] as const,
};

/** A live-update message: `change` as soon as objects change, `summary` once the summary caught up. */
export interface LiveUpdate {
  type: 'change' | 'summary';
  /** Namespaces whose data changed; absent when anything may have changed. */
  namespaces?: string[];
}

// Per-namespace queries: the namespace is the key's third element.
const PER_NAMESPACE = new Set(['namespace', 'routes', 'plan', 'history', 'access']);
// Queries answered from the background summary: refreshed when it has caught up, not before.
const FROM_SUMMARY = new Set(['summary', 'namespace', 'topology', 'plan']);

/**
 * Whether a query is stale after a live update: only the queries of the namespaces that changed
 * (and the cluster-wide ones), so a change in one namespace does not refetch every page.
 */
export function isStale(update: LiveUpdate, queryKey: readonly unknown[]): boolean {
  if (queryKey[0] !== clusterKeys.all[0]) return false;
  const kind = String(queryKey[1] ?? '');
  if (FROM_SUMMARY.has(kind) !== (update.type === 'summary')) return false;
  if (!PER_NAMESPACE.has(kind) || !update.namespaces) return true;
  const ns = queryKey[2];
  // The cluster-wide history list ('*') shows every namespace.
  return ns === '*' || (typeof ns === 'string' && update.namespaces.includes(ns));
}

'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import { useClusterStatus } from '@/lib/client/use-cluster';
import type { ClusterStatusView } from '@/lib/views/cluster';

type SwitchBody =
  | { action: 'switch'; source: 'demo' }
  | { action: 'switch'; source: 'kube'; context: string }
  | { action: 'readOnly'; value: boolean };

/** Shows which cluster is connected, lets the user switch context or the demo, and toggle read-only. */
export function ClusterHeader() {
  const { data, error } = useClusterStatus();
  const qc = useQueryClient();
  const mutate = useMutation({
    mutationFn: (body: SwitchBody) =>
      fetchJson<ClusterStatusView>('/api/cluster', { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: (status) => {
      qc.setQueryData(clusterKeys.status(), status);
      void qc.invalidateQueries({ queryKey: clusterKeys.all });
    },
  });

  const current = data ? (data.info.source === 'kube' ? `kube:${data.info.name}` : data.info.source) : '';
  const onSelect = (value: string) => {
    if (value === 'demo') mutate.mutate({ action: 'switch', source: 'demo' });
    else if (value.startsWith('kube:'))
      mutate.mutate({ action: 'switch', source: 'kube', context: value.slice(5) });
  };

  return (
    <header
      className="flex items-center gap-4 border-b border-slate-200 bg-white px-6 py-3"
      data-testid="cluster-header"
    >
      <div className="flex items-center gap-2">
        <span className="text-xs uppercase tracking-wide text-slate-500">Cluster</span>
        {data ? (
          <label className="flex items-center gap-2">
            <span className="sr-only">Cluster or context</span>
            <select
              aria-label="Cluster or context"
              className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
              value={current}
              onChange={(e) => onSelect(e.target.value)}
              disabled={mutate.isPending || data.info.source === 'files'}
            >
              {data.info.source === 'files' && <option value="files">files: {data.info.name}</option>}
              <option value="demo">Demo cluster (in memory)</option>
              {data.contexts.map((c) => (
                <option key={c.name} value={`kube:${c.name}`}>
                  context: {c.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="text-sm text-slate-400">{error ? 'unavailable' : 'connecting…'}</span>
        )}
        {data?.info.server && <span className="text-xs text-slate-500">{data.info.server}</span>}
        {data?.identity && (
          <span className="text-xs text-slate-500" data-testid="identity">
            as {data.identity.username}
          </span>
        )}
      </div>
      <div className="ml-auto flex items-center gap-3">
        {data?.info.source === 'demo' && (
          <span
            className="rounded bg-indigo-100 px-2 py-0.5 text-xs font-medium text-indigo-800"
            data-testid="demo-badge"
          >
            DEMO — changes stay in memory
          </span>
        )}
        {data && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={data.info.readOnly}
              disabled={mutate.isPending || data.info.source === 'files'}
              onChange={(e) => mutate.mutate({ action: 'readOnly', value: e.target.checked })}
            />
            <span data-testid="read-only-state">{data.info.readOnly ? 'Read-only' : 'Read-write'}</span>
          </label>
        )}
      </div>
      {mutate.error && (
        <p role="alert" className="text-sm text-red-700">
          {(mutate.error as Error).message}
        </p>
      )}
    </header>
  );
}

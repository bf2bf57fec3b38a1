'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchJson, resetCsrf } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import { useClusterStatus } from '@/lib/client/use-cluster';
import type { ClusterStatusView } from '@/lib/views/cluster';

type SwitchBody =
  | { action: 'switch'; source: 'demo' }
  | { action: 'switch'; source: 'kube'; context: string }
  | { action: 'readOnly'; value: boolean };

/**
 * Shows which cluster is connected and who is acting, lets a local user switch context or the
 * demo, and turns read-only on or off for this browser session only.
 */
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

  const logout = useMutation({
    mutationFn: () => fetchJson('/api/auth/logout', { method: 'POST', body: '{}' }),
    onSuccess: () => {
      resetCsrf();
      window.location.assign('/login');
    },
  });
  const auth = data?.auth;
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
              disabled={mutate.isPending || data.info.source === 'files' || !auth?.canSwitch}
              title={auth?.canSwitch ? undefined : 'This server watches one cluster for every user'}
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
        {(auth?.username || data?.identity) && (
          <span className="text-xs text-slate-500" data-testid="identity">
            as {auth?.username || data?.identity?.username}
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
        {auth?.warning && (
          <span
            role="alert"
            className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900"
            data-testid="auth-warning"
          >
            {auth.warning}
          </span>
        )}
        {data && auth && (
          <ReadOnlySwitch
            auth={auth}
            pending={mutate.isPending}
            files={data.info.source === 'files'}
            onChange={(value) => mutate.mutate({ action: 'readOnly', value })}
          />
        )}
        {auth?.canLogout && (
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-1 text-sm"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            Log out
          </button>
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

/**
 * Read-only for this browser session: a switch that says what it does. When the server policy
 * (MESH_MIGRATOR_READ_ONLY) is set it is locked on, with the reason.
 */
function ReadOnlySwitch({
  auth,
  pending,
  files,
  onChange,
}: {
  auth: ClusterStatusView['auth'];
  pending: boolean;
  files: boolean;
  onChange: (value: boolean) => void;
}) {
  const locked = auth.policyReadOnly || files;
  const on = locked || auth.sessionReadOnly;
  const help = auth.policyReadOnly
    ? 'The server runs read-only (MESH_MIGRATOR_READ_ONLY): nothing can be changed from here.'
    : files
      ? 'YAML files cannot be changed.'
      : on
        ? 'Writes are blocked in this browser session. Switch off to allow them again (your cluster permissions still apply).'
        : 'Writes are allowed (as far as your cluster permissions go). Switch on to block every write in this browser session.';
  return (
    <div className="flex items-center gap-2 text-sm">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label="Read-only for this session"
        aria-describedby="read-only-help"
        title={help}
        disabled={pending || locked}
        onClick={() => onChange(!on)}
        className={`relative h-5 w-9 rounded-full transition-colors disabled:opacity-60 ${on ? 'bg-amber-500' : 'bg-slate-300'}`}
      >
        <span
          className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-all ${on ? 'left-4' : 'left-0.5'}`}
        />
      </button>
      <span data-testid="read-only-state" className={on ? 'font-medium text-amber-800' : 'text-slate-700'}>
        {auth.policyReadOnly
          ? 'Read-only (server policy)'
          : on
            ? 'Read-only for this session: on'
            : 'Read-only for this session: off'}
      </span>
      <span id="read-only-help" className="sr-only">
        {help}
      </span>
    </div>
  );
}

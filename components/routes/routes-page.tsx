'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { fetchJson } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import { DEFAULT_CLASS, isTarget, TARGET_LABEL, TARGETS, type Target } from '@/lib/convert/targets/types';
import type { RoutesView } from '@/lib/views/routes';
import { PortabilityPanel } from './portability-table';
import { SourceCard } from './source-card';

/** Each VirtualService and Ingress beside the routes it becomes, with warnings and diffs against the cluster. */
export function RoutesPage({ namespaces }: { namespaces: string[] }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const namespace = search.get('namespace') ?? namespaces[0] ?? '';
  const targetParam = search.get('target') ?? 'istio';
  const target: Target = isTarget(targetParam) ? targetParam : 'istio';
  const gatewayClass = search.get('gatewayClass') ?? DEFAULT_CLASS[target];
  const channel = search.get('channel') === 'experimental' ? 'experimental' : 'standard';
  const [mode, setMode] = useState<'unified' | 'split'>('unified');
  const qs = new URLSearchParams({ namespace, gatewayClass, channel, target }).toString();
  const { data, error, isPending } = useQuery({
    queryKey: [...clusterKeys.routes(namespace, gatewayClass), channel, target],
    queryFn: () => fetchJson<RoutesView>(`/api/routes?${qs}`),
    enabled: namespace !== '',
    placeholderData: keepPreviousData,
  });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(search.toString());
    next.set(k, v);
    // A new target brings its own default class unless one was chosen by hand.
    if (k === 'target') next.set('gatewayClass', DEFAULT_CLASS[isTarget(v) ? v : 'istio']);
    if (!next.get('namespace')) next.set('namespace', namespace);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Routes</h1>
      {namespaces.length === 0 ? (
        <p className="text-sm text-slate-600">
          No namespace has VirtualServices, Istio Gateways or Ingresses: nothing to convert.
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label className="flex items-center gap-1">
            Namespace
            <select
              className="rounded border border-slate-300 px-2 py-1"
              value={namespace}
              onChange={(e) => set('namespace', e.target.value)}
            >
              {namespaces.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            Target
            <select
              className="rounded border border-slate-300 px-2 py-1"
              value={target}
              onChange={(e) => set('target', e.target.value)}
            >
              {TARGETS.map((t) => (
                <option key={t} value={t}>
                  {TARGET_LABEL[t]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            Gateway class
            <select
              className="rounded border border-slate-300 px-2 py-1"
              value={gatewayClass}
              onChange={(e) => set('gatewayClass', e.target.value)}
            >
              {(data?.gatewayClasses ?? [gatewayClass]).map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            Channel
            <select
              className="rounded border border-slate-300 px-2 py-1"
              value={channel}
              onChange={(e) => set('channel', e.target.value)}
            >
              <option value="standard">standard</option>
              <option value="experimental">experimental</option>
            </select>
          </label>
          <fieldset className="flex items-center gap-2">
            <legend className="sr-only">Diff view</legend>
            {(['unified', 'split'] as const).map((m) => (
              <label key={m} className="flex items-center gap-1">
                <input type="radio" name="diff-mode" checked={mode === m} onChange={() => setMode(m)} />
                {m === 'unified' ? 'Unified' : 'Side by side'}
              </label>
            ))}
          </fieldset>
          <a
            className="ml-auto rounded bg-slate-900 px-3 py-1 text-white"
            href={`/api/routes/bundle?${qs}`}
            download
          >
            Download YAML bundle
          </a>
        </div>
      )}
      {data && (
        <p className="text-sm text-slate-600" data-testid="routes-counts">
          {data.counts.new} new, {data.counts.changed} changed, {data.counts.unchanged} unchanged ·{' '}
          {data.counts.errors} not carried over, {data.counts.warnings} approximated
        </p>
      )}
      {namespace && isPending ? (
        <PageSkeleton rows={4} />
      ) : error ? (
        <ErrorPanel title="Conversion unavailable" message={error.message} />
      ) : (
        <>
          {data && <PortabilityPanel namespace={namespace} report={data.portability} />}
          {data?.sources.map((s) => (
            <SourceCard key={s.source} source={s} mode={mode} />
          ))}
        </>
      )}
    </div>
  );
}

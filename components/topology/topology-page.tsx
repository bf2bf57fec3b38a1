'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { fetchJson } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import { statsText } from '@/lib/topology/stats';
import {
  parseTopologyParams,
  type TopologyParams,
  type TopologyView,
  topologyQuery,
} from '@/lib/views/topology';
import { TopologyCanvas } from './canvas';
import { TopologyFilters } from './filters';
import { Legend } from './legend';
import { SidePanel } from './side-panel';
import { ViewControls } from './view-controls';

const TELEMETRY_REFRESH_MS = 10_000;

const LEVEL_HINT = {
  groups: ' — namespaces grouped, click a group to open it',
  namespaces: ' — one node per namespace, click one to expand',
  workloads: '',
} as const;

export function TopologyPage() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = parseTopologyParams(new URLSearchParams(search.toString()));
  const query = topologyQuery(params);
  const [selected, setSelected] = useState<string>();
  const [reveal, setReveal] = useState<{ id: string }>();
  const { data, error, isPending, isFetching } = useQuery({
    queryKey: clusterKeys.topology(query),
    queryFn: () => fetchJson<TopologyView>(`/api/topology?${query}`),
    placeholderData: keepPreviousData,
    // Traffic moves without the cluster changing: refresh while telemetry is on.
    refetchInterval: (q) => (q.state.data?.telemetry.configured ? TELEMETRY_REFRESH_MS : false),
  });
  const setParams = (p: TopologyParams) => {
    const q = topologyQuery(p);
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  };
  const onNodeClick = (id: string) => {
    const node = data?.graph.nodes.find((n) => n.id === id);
    if (!node) return;
    if (node.type === 'group' && node.collapsed) {
      setReveal({ id });
      setParams({ ...params, open: [...params.open, node.name] });
    } else if (node.type === 'group')
      setParams({ ...params, open: params.open.filter((g) => g !== node.name) });
    else if (node.type === 'namespace' && node.collapsed) {
      setReveal({ id });
      setParams({ ...params, expanded: [...params.expanded, node.name] });
    } else if (node.type === 'namespace') router.push(`/namespaces/${encodeURIComponent(node.name)}`);
    else setSelected(id);
  };

  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <h1 className="text-xl font-semibold">Topology</h1>
        {isFetching && <span className="text-xs text-slate-400">updating…</span>}
        {data && (
          <span className="text-xs text-slate-500" data-testid="graph-stats">
            {statsText(data.graph)}
            {LEVEL_HINT[data.graph.level]}
            {' · '}layout {data.layout.engine}
          </span>
        )}
      </div>
      <TopologyFilters
        key={query}
        params={params}
        namespaces={data?.allNamespaces ?? []}
        onChange={setParams}
      />
      <ViewControls
        key={`view-${query}`}
        params={params}
        level={data?.graph.level}
        labels={data?.groupLabels ?? []}
        focusMissed={Boolean(params.focus && data && !data.graph.focus)}
        onChange={setParams}
      />
      <Legend />
      {data?.telemetry.error && (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Telemetry unavailable ({data.telemetry.error}); showing configuration edges only.
        </p>
      )}
      {data && !data.telemetry.configured && (
        <p className="text-xs text-slate-500">
          Set MESH_MIGRATOR_PROMETHEUS_URL to add request and error rates from Istio's metrics.
        </p>
      )}
      {data?.telemetry.kind === 'demo' && (
        <p className="text-xs text-slate-500" data-testid="telemetry-source">
          Traffic is simulated by the demo cluster from the call graph in its scenario, and follows each
          migration step.
        </p>
      )}
      {isPending ? (
        <PageSkeleton rows={4} />
      ) : error ? (
        <ErrorPanel title="Topology unavailable" message={error.message} />
      ) : (
        <div className="flex gap-3">
          <div className="min-w-0 flex-1">
            <TopologyCanvas
              view={data}
              selected={selected ?? data.graph.focus}
              reveal={reveal}
              onNodeClick={onNodeClick}
            />
          </div>
          {selected && <SidePanel view={data} id={selected} onClose={() => setSelected(undefined)} />}
        </div>
      )}
    </div>
  );
}

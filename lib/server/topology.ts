import 'server-only';
import type { ClusterSnapshot } from '../cluster/snapshot';
import type { ClusterSource } from '../cluster/source';
import type { TelemetrySource } from '../telemetry/source';
import { buildGraph } from '../topology/build';
import { layoutGraph } from '../topology/layout';
import { type TopologyParams, type TopologyView, topologyQuery } from '../views/topology';
import { clusterSummary } from './summary';
import { fetchTelemetry, type TelemetryResult, telemetrySource } from './telemetry';

const TELEMETRY_TTL_MS = 10_000;
let telemetryCache: { at: number; source: TelemetrySource; result: TelemetryResult } | undefined;

function sameSource(a: TelemetrySource, b: TelemetrySource): boolean {
  return a === b || (a.kind === b.kind && a.description === b.description);
}

async function telemetry(source: TelemetrySource | undefined): Promise<TelemetryResult> {
  if (!source) return { edges: [] };
  const hit = telemetryCache;
  if (hit && sameSource(hit.source, source) && Date.now() - hit.at < TELEMETRY_TTL_MS) return hit.result;
  const result = await fetchTelemetry(source);
  telemetryCache = { at: Date.now(), source, result };
  return result;
}

// Layout is the expensive part; the last few views are kept per snapshot and filter set.
const views = new Map<string, { snap: ClusterSnapshot; view: Promise<TopologyView> }>();
const MAX_VIEWS = 8;

/** The graph and its layout for the cluster's current snapshot and a set of filters. */
export async function topologyView(cluster: ClusterSource, params: TopologyParams): Promise<TopologyView> {
  const snap = cluster.snapshot();
  const source = telemetrySource(cluster);
  const tel = params.edges.includes('telemetry')
    ? await telemetry(source)
    : { edges: [], kind: source?.kind, url: source?.description };
  // Without telemetry nothing changes between snapshots; with it, each telemetry refresh is a new view.
  const key = `${topologyQuery(params)}|${tel.url ? (telemetryCache?.at ?? 0) : 0}`;
  const hit = views.get(key);
  if (hit && hit.snap === snap) return hit.view;
  const view = (async () => {
    const summary = clusterSummary(snap);
    const graph = buildGraph(snap.resources, summary, {
      namespaces: params.namespaces,
      dataplanes: params.dataplanes,
      edgeSources: params.edges,
      search: params.search,
      expanded: params.expanded,
      telemetry: tel.edges,
    });
    const layout = await layoutGraph(graph);
    return {
      revision: snap.revision,
      graph,
      layout,
      telemetry: {
        configured: Boolean(tel.url),
        kind: tel.kind,
        url: tel.url,
        error: tel.error,
        edges: tel.edges.length,
      },
      allNamespaces: summary.namespaces.map((n) => n.name),
    };
  })();
  views.set(key, { snap, view });
  while (views.size > MAX_VIEWS) {
    const oldest = views.keys().next().value;
    if (oldest === undefined) break;
    views.delete(oldest);
  }
  return view;
}

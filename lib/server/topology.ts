import 'server-only';
import type { ClusterSnapshot } from '../cluster/snapshot';
import type { ClusterSource } from '../cluster/source';
import { buildGraph } from '../topology/build';
import { layoutGraph } from '../topology/layout';
import { type TopologyParams, type TopologyView, topologyQuery } from '../views/topology';
import { publishedSummary } from './summary';
import { fetchTelemetry, prometheusUrl, type TelemetryResult } from './telemetry';

const TELEMETRY_TTL_MS = 10_000;
let telemetryCache: { at: number; url?: string; result: TelemetryResult } | undefined;

async function telemetry(): Promise<TelemetryResult> {
  const url = prometheusUrl();
  if (telemetryCache && telemetryCache.url === url && Date.now() - telemetryCache.at < TELEMETRY_TTL_MS) {
    return telemetryCache.result;
  }
  const result = await fetchTelemetry(url);
  telemetryCache = { at: Date.now(), url, result };
  return result;
}

// Layout is the expensive part; the last few views are kept per snapshot and filter set.
const views = new Map<string, { snap: ClusterSnapshot; view: Promise<TopologyView> }>();
const MAX_VIEWS = 8;

/** The graph and its layout of the latest computed summary, for a set of filters. */
export async function topologyView(source: ClusterSource, params: TopologyParams): Promise<TopologyView> {
  const { snapshot: snap, summary } = await publishedSummary(source);
  const tel = params.edges.includes('telemetry') ? await telemetry() : { edges: [], url: prometheusUrl() };
  // Without Prometheus nothing changes between snapshots; with it, each telemetry refresh is a new view.
  const key = `${topologyQuery(params)}|${tel.url ? (telemetryCache?.at ?? 0) : 0}`;
  const hit = views.get(key);
  if (hit && hit.snap === snap) return hit.view;
  const view = (async () => {
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
      telemetry: { configured: Boolean(tel.url), url: tel.url, error: tel.error, edges: tel.edges.length },
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

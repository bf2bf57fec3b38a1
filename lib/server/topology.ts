import 'server-only';
import type { ClusterSnapshot } from '../cluster/snapshot';
import type { ClusterSource } from '../cluster/source';
import type { KubeObject } from '../k8s/objects';
import type { TelemetrySource } from '../telemetry/source';
import { buildGraph } from '../topology/build';
import { layoutGraph } from '../topology/layout';
import { type TopologyParams, type TopologyView, topologyQuery } from '../views/topology';
import { publishedSummary } from './summary';
import { fetchTelemetry, type TelemetryResult, telemetrySource } from './telemetry';

const TELEMETRY_TTL_MS = 10_000;

// Labels every cluster carries on namespaces say nothing about teams.
const NOISE = /^(kubernetes\.io\/|istio|mesh-migrator|topology\.|app\.kubernetes\.io\/managed-by)/;

/** Namespace label keys worth grouping by: set on at least two namespaces, with more than one value. */
function groupingLabels(namespaces: readonly KubeObject[]): string[] {
  const values = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const ns of namespaces) {
    for (const [k, v] of Object.entries(ns.metadata.labels ?? {})) {
      if (NOISE.test(k)) continue;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      const set = values.get(k) ?? new Set<string>();
      set.add(v);
      values.set(k, set);
    }
  }
  return [...counts]
    .filter(([k, n]) => n >= 2 && (values.get(k)?.size ?? 0) > 1)
    .map(([k]) => k)
    .sort();
}
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

/** The graph and its layout of the latest computed summary, for a set of filters. */
export async function topologyView(cluster: ClusterSource, params: TopologyParams): Promise<TopologyView> {
  const { snapshot: snap, summary } = await publishedSummary(cluster);
  const source = telemetrySource(cluster);
  const tel = params.edges.includes('telemetry')
    ? await telemetry(source)
    : { edges: [], kind: source?.kind, url: source?.description };
  // Without telemetry nothing changes between snapshots; with it, each telemetry refresh is a new view.
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
      level: params.level,
      groupBy: params.groupBy,
      open: params.open,
      focus: params.focus,
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
      groupLabels: groupingLabels(snap.resources.namespaces),
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

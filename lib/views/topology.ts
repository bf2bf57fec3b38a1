import type { GraphLayout } from '../topology/layout-types';
import type { GraphDataplane, TopologyGraph } from '../topology/types';

/** Filters of the topology page, as they travel in the URL and the API query string. */
export interface TopologyParams {
  namespaces: string[];
  dataplanes: GraphDataplane[];
  edges: ('config' | 'telemetry')[];
  search: string;
  expanded: string[];
}

export interface TopologyView {
  revision: number;
  graph: TopologyGraph;
  layout: GraphLayout;
  telemetry: {
    configured: boolean;
    kind?: 'prometheus' | 'demo';
    url?: string;
    error?: string;
    edges: number;
  };
  allNamespaces: string[];
}

const list = (v: string | null) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const DATAPLANES: GraphDataplane[] = ['sidecar', 'ztunnel', 'waypoint-covered', 'none', 'mixed', 'pending'];

/** Reads the filters from a query string; unknown values are dropped. */
export function parseTopologyParams(q: URLSearchParams): TopologyParams {
  const edges = list(q.get('edges')).filter(
    (e): e is 'config' | 'telemetry' => e === 'config' || e === 'telemetry',
  );
  return {
    namespaces: list(q.get('ns')),
    dataplanes: list(q.get('dp')).filter((d): d is GraphDataplane => (DATAPLANES as string[]).includes(d)),
    edges: edges.length ? edges : ['config', 'telemetry'],
    search: q.get('q')?.trim() ?? '',
    expanded: list(q.get('expand')),
  };
}

/** The inverse of {@link parseTopologyParams}; stable order keeps cache keys stable. */
export function topologyQuery(p: TopologyParams): string {
  const q = new URLSearchParams();
  if (p.namespaces.length) q.set('ns', [...p.namespaces].sort().join(','));
  if (p.dataplanes.length) q.set('dp', [...p.dataplanes].sort().join(','));
  if (p.edges.length && p.edges.length < 2) q.set('edges', p.edges.join(','));
  if (p.search) q.set('q', p.search);
  if (p.expanded.length) q.set('expand', [...p.expanded].sort().join(','));
  return q.toString();
}

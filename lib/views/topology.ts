import type { GraphLayout } from '../topology/layout-types';
import type { GroupBy } from '../topology/overview';
import type { GraphDataplane, GraphLevel, TopologyGraph } from '../topology/types';

/** Filters of the topology page, as they travel in the URL and the API query string. */
export interface TopologyParams {
  namespaces: string[];
  dataplanes: GraphDataplane[];
  edges: ('config' | 'telemetry')[];
  search: string;
  expanded: string[];
  /** Level of detail (`auto` picks by size). */
  level: GraphLevel | 'auto';
  /** How the overview groups namespaces: `state` or `label:<key>`. */
  groupBy: GroupBy;
  /** Opened groups (`state=sidecar`, `team=a`). */
  open: string[];
  /** A node to jump to. */
  focus: string;
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
  /** Namespace label keys the overview can group by. */
  groupLabels: string[];
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
  const level = q.get('level');
  const group = q.get('group')?.trim() ?? '';
  return {
    namespaces: list(q.get('ns')),
    dataplanes: list(q.get('dp')).filter((d): d is GraphDataplane => (DATAPLANES as string[]).includes(d)),
    edges: edges.length ? edges : ['config', 'telemetry'],
    search: q.get('q')?.trim() ?? '',
    expanded: list(q.get('expand')),
    level: level === 'groups' || level === 'namespaces' || level === 'workloads' ? level : 'auto',
    groupBy: /^label:[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(group) ? (group as GroupBy) : 'state',
    open: list(q.get('open')),
    focus: q.get('focus')?.trim() ?? '',
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
  if (p.level !== 'auto') q.set('level', p.level);
  if (p.groupBy !== 'state') q.set('group', p.groupBy);
  if (p.open.length) q.set('open', [...p.open].sort().join(','));
  if (p.focus) q.set('focus', p.focus);
  return q.toString();
}

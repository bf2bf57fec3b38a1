import type { KubeObject } from '../k8s/objects';
import type { NamespaceState } from '../mesh/namespace';
import { mergeReporter } from './telemetry-graph';
import type { GraphDataplane, GraphEdge, GraphNode, NodeCounts } from './types';

/** How namespaces are grouped in the overview: by migration state, or by a namespace label. */
export type GroupBy = 'state' | `label:${string}`;

const STATE_LABEL: Record<NamespaceState, string> = {
  sidecar: 'Sidecars',
  mixed: 'Mixed (migrating)',
  ambient: 'Ambient (ztunnel)',
  'ambient-l7': 'Ambient with waypoints',
  'out-of-mesh': 'Outside the mesh',
};

/** Id of the overview node of one group. */
export const groupNodeId = (key: string) => `grp:${key}`;

/** The group a namespace node falls in: its state, or the value of the label (`(no team)` without one). */
export function groupKey(ns: GraphNode, by: GroupBy, namespaces: ReadonlyMap<string, KubeObject>): string {
  if (by === 'state') return `state=${ns.badges[0] ?? 'out-of-mesh'}`;
  const label = by.slice('label:'.length);
  const v = namespaces.get(ns.name)?.metadata.labels?.[label];
  return `${label}=${v ?? ''}`;
}

function groupLabel(key: string): string {
  const [name = '', value = ''] = key.split('=');
  if (name === 'state') return STATE_LABEL[value as NamespaceState] ?? value;
  return value ? `${name}: ${value}` : `no ${name} label`;
}

function addCounts(into: NodeCounts, from: NodeCounts | undefined): void {
  if (!from) return;
  for (const [k, v] of Object.entries(from.byType))
    into.byType[k as GraphNode['type']] = (into.byType[k as GraphNode['type']] ?? 0) + (v ?? 0);
  for (const [k, v] of Object.entries(from.byDataplane))
    into.byDataplane[k as GraphDataplane] = (into.byDataplane[k as GraphDataplane] ?? 0) + (v ?? 0);
  if (from.pods) {
    into.pods ??= { sidecar: 0, ambient: 0, ambientPending: 0, none: 0, total: 0 };
    const p = into.pods;
    p.sidecar += from.pods.sidecar;
    p.ambient += from.pods.ambient;
    p.ambientPending += from.pods.ambientPending;
    p.none += from.pods.none;
    p.total += from.pods.total;
  }
}

function dominant(counts: NodeCounts, members: readonly GraphNode[]): GraphDataplane {
  const planes = new Set(members.map((m) => m.dataplane));
  if (planes.size === 1) return [...planes][0] ?? 'none';
  const pods = counts.pods;
  if (pods && pods.sidecar > 0 && pods.ambient > 0) return 'mixed';
  return planes.has('sidecar') ? 'sidecar' : planes.has('ztunnel') ? 'ztunnel' : 'mixed';
}

/**
 * Re-targets edges through `replace` (node id → stand-in id), dropping self-loops and merging
 * duplicates per kind and pair: counts add up, request rates add up with errors weighted.
 */
export function mergeEdges(edges: readonly GraphEdge[], replace: ReadonlyMap<string, string>): GraphEdge[] {
  const merged = new Map<string, GraphEdge>();
  for (const e of edges) {
    const source = replace.get(e.source) ?? e.source;
    const target = replace.get(e.target) ?? e.target;
    if (source === target) continue;
    if (source === e.source && target === e.target) {
      merged.set(e.id, e);
      continue;
    }
    const id = `${e.kind}:${source}->${target}`;
    const prev = merged.get(id);
    if (!prev) {
      const { weight: _w, label: _l, ...rest } = e;
      merged.set(id, { ...rest, id, source, target, count: e.count ?? 1 });
      continue;
    }
    prev.count = (prev.count ?? 1) + (e.count ?? 1);
    if (e.requestRate !== undefined) {
      const rate = (prev.requestRate ?? 0) + e.requestRate;
      const errors = (prev.errorRate ?? 0) * (prev.requestRate ?? 0) + (e.errorRate ?? 0) * e.requestRate;
      prev.requestRate = rate;
      prev.errorRate = rate > 0 ? errors / rate : 0;
    }
    if (e.tcpBytesRate !== undefined) prev.tcpBytesRate = (prev.tcpBytesRate ?? 0) + e.tcpBytesRate;
    if (e.origin === 'telemetry') prev.reportedBy = mergeReporter(prev.reportedBy, e.reportedBy);
  }
  return [...merged.values()];
}

/**
 * The platform overview: collapsed namespace nodes are gathered into one node per group (state or
 * label value) with aggregate edges; groups in `open` keep their namespaces, which then sit in
 * the group's frame. Nodes outside namespaces (external hosts) stay as they are.
 */
export function groupNamespaces(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  opts: { by: GroupBy; open: ReadonlySet<string>; namespaces: ReadonlyMap<string, KubeObject> },
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const members = new Map<string, GraphNode[]>();
  const keyOf = new Map<string, string>();
  for (const n of nodes) {
    if (n.type !== 'namespace' || !n.collapsed) continue;
    const key = groupKey(n, opts.by, opts.namespaces);
    keyOf.set(n.id, key);
    const list = members.get(key);
    if (list) list.push(n);
    else members.set(key, [n]);
  }
  const replace = new Map<string, string>();
  const groups: GraphNode[] = [];
  for (const [key, list] of [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const id = groupNodeId(key);
    const counts: NodeCounts = { byType: {}, byDataplane: {} };
    for (const m of list) addCounts(counts, m.counts);
    counts.byType.namespace = list.length;
    const open = opts.open.has(key);
    groups.push({
      id,
      type: 'group',
      namespace: '',
      name: key,
      label: groupLabel(key),
      dataplane: dominant(counts, list),
      badges: [`${list.length} namespaces`],
      counts,
      ...(open ? {} : { collapsed: true }),
    });
    if (!open) for (const m of list) replace.set(m.id, id);
  }
  const out: GraphNode[] = [...groups];
  for (const n of nodes) {
    if (replace.has(n.id)) continue;
    const key = keyOf.get(n.id);
    out.push(key ? { ...n, parent: groupNodeId(key) } : n);
  }
  return { nodes: out, edges: mergeEdges(edges, replace) };
}

import { describe, expect, it } from 'vitest';
import { summarizeCluster } from '../mesh/summary';
import { generateCluster } from '../testing/generate-cluster';
import { buildGraph, chooseLevel, findNode } from './build';
import { fixtureCluster } from './cluster-fixture';
import { groupNamespaces } from './overview';
import type { GraphEdge, GraphNode } from './types';

const ns = (name: string, state: string, pods = 1): GraphNode => ({
  id: `ns:${name}`,
  type: 'namespace',
  namespace: name,
  name,
  label: name,
  dataplane: state === 'sidecar' ? 'sidecar' : 'ztunnel',
  badges: [state],
  collapsed: true,
  counts: {
    byType: {},
    byDataplane: {},
    pods: {
      sidecar: state === 'sidecar' ? pods : 0,
      ambient: state === 'sidecar' ? 0 : pods,
      ambientPending: 0,
      none: 0,
      total: pods,
    },
  },
});
const traffic = (a: string, b: string, rate: number, errorRate = 0): GraphEdge => ({
  id: `telemetry:ns:${a}->ns:${b}`,
  source: `ns:${a}`,
  target: `ns:${b}`,
  kind: 'telemetry',
  origin: 'telemetry',
  requestRate: rate,
  errorRate,
  reportedBy: 'sidecar',
});

describe('chooseLevel', () => {
  it.each([
    ['auto', 30, 5, 'workloads'],
    ['auto', 124, 19, 'namespaces'],
    ['auto', 20_000, 2000, 'groups'],
    ['groups', 10, 1, 'groups'],
    ['workloads', 2000, 200, 'workloads'],
    ['workloads', 20_000, 2000, 'namespaces'],
  ] as const)('%s with %i nodes in %i namespaces → %s', (level, nodes, namespaces, want) => {
    expect(chooseLevel(level, nodes, namespaces)).toBe(want);
  });
});

describe('groupNamespaces', () => {
  const nodes = [ns('a', 'sidecar', 3), ns('b', 'sidecar', 2), ns('c', 'ambient', 4)];
  const edges = [traffic('a', 'c', 2), traffic('b', 'c', 1, 1), traffic('a', 'b', 5)];

  it('gathers namespaces by state with their pods and sums traffic between groups', () => {
    const g = groupNamespaces(nodes, edges, { by: 'state', open: new Set(), namespaces: new Map() });
    expect(g.nodes.map((n) => [n.id, n.label, n.badges[0], n.counts?.pods?.total])).toEqual([
      ['grp:state=ambient', 'Ambient (ztunnel)', '1 namespaces', 4],
      ['grp:state=sidecar', 'Sidecars', '2 namespaces', 5],
    ]);
    // a→b is inside one group and disappears; a→c and b→c merge with errors weighted.
    expect(g.edges).toEqual([
      expect.objectContaining({
        id: 'telemetry:grp:state=sidecar->grp:state=ambient',
        requestRate: 3,
        errorRate: 1 / 3,
        count: 2,
        reportedBy: 'sidecar',
      }),
    ]);
  });

  it('an open group keeps its namespaces inside its frame', () => {
    const g = groupNamespaces(nodes, edges, {
      by: 'state',
      open: new Set(['state=sidecar']),
      namespaces: new Map(),
    });
    expect(g.nodes.find((n) => n.id === 'grp:state=sidecar')?.collapsed).toBeUndefined();
    expect(g.nodes.filter((n) => n.parent === 'grp:state=sidecar').map((n) => n.id)).toEqual([
      'ns:a',
      'ns:b',
    ]);
    expect(g.edges.map((e) => e.id).sort()).toEqual([
      'telemetry:ns:a->grp:state=ambient',
      'telemetry:ns:a->ns:b',
      'telemetry:ns:b->grp:state=ambient',
    ]);
  });

  it('groups by a namespace label, with one group for namespaces without it', () => {
    const labelled = new Map([
      ['a', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { team: 'pay' } } }],
      ['b', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b', labels: { team: 'pay' } } }],
    ]);
    const g = groupNamespaces(nodes, edges, { by: 'label:team', open: new Set(), namespaces: labelled });
    expect(g.nodes.map((n) => [n.id, n.label])).toEqual([
      ['grp:team=', 'no team label'],
      ['grp:team=pay', 'team: pay'],
    ]);
  });
});

describe('buildGraph levels and focus', () => {
  const rs = fixtureCluster();
  const summary = summarizeCluster(rs);

  it('finds a node by exact name before a substring, workloads and Services first', () => {
    const g = buildGraph(rs, summary, { level: 'workloads' });
    expect(findNode(g.nodes, 'checkout')?.id).toBe('svc:shop/checkout');
    expect(findNode(g.nodes, 'CHECK')?.type).toMatch(/service|workload/);
    expect(findNode(g.nodes, 'no-such-thing')).toBeUndefined();
  });

  it('focus expands the namespace of the node it finds', () => {
    const g = buildGraph(rs, summary, { level: 'namespaces', focus: 'checkout' });
    expect(g.focus).toBe('svc:shop/checkout');
    expect(g.nodes.find((n) => n.id === 'ns:shop')?.collapsed).toBeUndefined();
    expect(g.nodes.find((n) => n.id === 'ns:legacy')?.collapsed).toBe(true);
    expect(g.nodes.some((n) => n.id === 'svc:shop/checkout')).toBe(true);
  });

  it('at 2,000 namespaces the default view is a handful of groups; focus expands one namespace beside them', () => {
    const big = generateCluster({ pods: 20_000, namespaces: 2_000, seed: 5 });
    const s = summarizeCluster(big);
    const g = buildGraph(big, s, {});
    expect(g.level).toBe('groups');
    expect(g.nodes.length).toBeLessThanOrEqual(12);
    const target = s.workloads.find((w) => w.namespace.startsWith('team-'));
    const focused = buildGraph(big, s, { focus: `${target?.namespace}/${target?.name}` });
    expect(focused.focus).toBe(`wl:${target?.id}`);
    expect(focused.nodes.filter((n) => n.type === 'group' && !n.collapsed)).toEqual([]);
    expect(focused.nodes.find((n) => n.id === `ns:${target?.namespace}`)?.collapsed).toBeUndefined();
  }, 60_000);
});

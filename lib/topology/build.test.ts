import { describe, expect, it } from 'vitest';
import { summarizeCluster } from '../mesh/summary';
import { buildGraph } from './build';
import { fixtureCluster } from './cluster-fixture';
import { RELATIONS } from './relations';
import type { BuildGraphOptions, TopologyGraph } from './types';

function graph(opts: BuildGraphOptions = {}): TopologyGraph {
  const rs = fixtureCluster();
  return buildGraph(rs, summarizeCluster(rs), opts);
}

const ids = (g: TopologyGraph, type?: string) =>
  g.nodes
    .filter((n) => !type || n.type === type)
    .map((n) => n.id)
    .sort();
const node = (g: TopologyGraph, id: string) => g.nodes.find((n) => n.id === id);
const edgeIds = (g: TopologyGraph) => g.edges.map((e) => e.id).sort();

describe('buildGraph: nodes', () => {
  const g = graph();

  it('creates namespace groups first and parents every namespaced node', () => {
    expect(g.nodes.slice(0, 4).map((n) => n.id)).toEqual([
      'ns:istio-system',
      'ns:legacy',
      'ns:plain',
      'ns:shop',
    ]);
    expect(g.nodes.filter((n) => n.type !== 'namespace').every((n) => n.parent === `ns:${n.namespace}`)).toBe(
      true,
    );
    expect(node(g, 'ns:shop')).toMatchObject({ dataplane: 'waypoint-covered', badges: ['ambient-l7'] });
    expect(node(g, 'ns:legacy')?.counts).toMatchObject({
      byType: { workload: 2, service: 2, external: 1 },
      pods: { sidecar: 2, total: 2 },
    });
  });

  it('has one node per workload, Service, ServiceEntry, waypoint and ingress; the waypoint proxy folds into its waypoint', () => {
    expect(ids(g, 'workload')).toEqual([
      'wl:Pod/legacy/api-1',
      'wl:Pod/legacy/web-1',
      'wl:Pod/plain/batch-1',
      'wl:Pod/shop/cart-1',
      'wl:Pod/shop/checkout-1',
    ]);
    expect(ids(g, 'service')).toEqual([
      'svc:legacy/api',
      'svc:legacy/web',
      'svc:shop/cart',
      'svc:shop/checkout',
    ]);
    expect(ids(g, 'external')).toEqual(['se:legacy/payments']);
    expect(ids(g, 'waypoint')).toEqual(['wp:shop/waypoint']);
    expect(ids(g, 'ingress')).toEqual(['gw:istio-system/edge', 'igw:istio-system/public']);
  });

  it.each([
    ['wl:Pod/legacy/api-1', 'sidecar', ['sidecar']],
    ['wl:Pod/shop/cart-1', 'waypoint-covered', ['waypoint']],
    ['wl:Pod/plain/batch-1', 'none', ['no-mesh']],
    ['svc:shop/cart', 'waypoint-covered', ['waypoint', 'waypoint:waypoint', 'httproute']],
    ['svc:legacy/api', 'sidecar', ['sidecar', 'virtualservice']],
    ['se:legacy/payments', 'none', ['service-entry', 'mesh-external']],
    ['wp:shop/waypoint', 'none', ['for:service']],
    ['gw:istio-system/edge', 'none', ['gateway-api', 'class:istio']],
  ])('%s is %s with badges %j', (id, dataplane, badges) => {
    const n = node(g, id);
    expect(n?.dataplane).toBe(dataplane);
    for (const b of badges) expect(n?.badges).toContain(b);
  });
});

describe('buildGraph: edges from the relation table', () => {
  const g = graph();

  it('derives exactly the declared relations', () => {
    expect(edgeIds(g)).toEqual(
      [
        'selector:svc:legacy/api->wl:Pod/legacy/api-1',
        'selector:svc:legacy/web->wl:Pod/legacy/web-1',
        'selector:svc:shop/cart->wl:Pod/shop/cart-1',
        'selector:svc:shop/checkout->wl:Pod/shop/checkout-1',
        'waypoint:svc:shop/cart->wp:shop/waypoint',
        'waypoint:svc:shop/checkout->wp:shop/waypoint',
        'route:igw:istio-system/public->svc:legacy/web',
        'destination:svc:legacy/api->svc:legacy/web',
        'destination:svc:legacy/api->se:legacy/payments',
        'route:gw:istio-system/edge->svc:shop/checkout',
        'route:svc:shop/cart->svc:shop/checkout',
      ].sort(),
    );
    expect(g.edges.every((e) => e.origin === 'config')).toBe(true);
  });

  it('carries weights and route names', () => {
    const e = (id: string) => g.edges.find((x) => x.id === id);
    expect(e('destination:svc:legacy/api->svc:legacy/web')).toMatchObject({
      weight: 20,
      label: 'VirtualService api',
    });
    expect(e('route:svc:shop/cart->svc:shop/checkout')).toMatchObject({
      weight: 10,
      label: 'HTTPRoute cart-split',
    });
  });

  it('declares every relation with a description', () => {
    expect(RELATIONS.map((r) => r.id)).toContain('gamma-route-backend');
    for (const r of RELATIONS) expect(r.description.length).toBeGreaterThan(10);
  });
});

describe('buildGraph: filters', () => {
  it('namespaces keep only nodes of those namespaces', () => {
    const g = graph({ namespaces: ['shop'] });
    expect(new Set(g.nodes.map((n) => n.namespace))).toEqual(new Set(['shop']));
    expect(edgeIds(g)).not.toContain('route:gw:istio-system/edge->svc:shop/checkout');
  });

  it('data planes keep matching workloads/services and the gateways and entries that touch them', () => {
    const g = graph({ dataplanes: ['sidecar'] });
    expect(ids(g).filter((id) => !id.startsWith('ns:'))).toEqual(
      [
        'igw:istio-system/public',
        'se:legacy/payments',
        'svc:legacy/api',
        'svc:legacy/web',
        'wl:Pod/legacy/api-1',
        'wl:Pod/legacy/web-1',
      ].sort(),
    );
    expect(ids(g, 'namespace')).toEqual(['ns:istio-system', 'ns:legacy']);
  });

  it('search keeps matches and their neighbours', () => {
    const g = graph({ search: 'CHECKOUT' });
    expect(ids(g).filter((id) => !id.startsWith('ns:'))).toEqual(
      [
        'gw:istio-system/edge',
        'svc:shop/cart',
        'svc:shop/checkout',
        'wl:Pod/shop/checkout-1',
        'wp:shop/waypoint',
      ].sort(),
    );
  });

  it('edge sources drop config edges when only telemetry is asked for', () => {
    expect(graph({ edgeSources: ['telemetry'] }).edges).toEqual([]);
  });
});

describe('buildGraph: collapse', () => {
  it('stays expanded under the threshold', () => {
    const g = graph();
    expect(g.collapsed).toBe(false);
    expect(g.totalNodes).toBe(13);
  });

  it('collapses namespaces past the threshold, except expanded ones, and re-targets edges', () => {
    const g = graph({ collapseThreshold: 5, expanded: ['shop'] });
    expect(g.collapsed).toBe(true);
    expect(
      ids(g)
        .filter((id) => !id.startsWith('ns:'))
        .every((id) => id.includes('shop/')),
    ).toBe(true);
    expect(node(g, 'ns:legacy')).toMatchObject({ collapsed: true, dataplane: 'sidecar' });
    expect(node(g, 'ns:shop')?.collapsed).toBeUndefined();
    expect(edgeIds(g)).toEqual(
      [
        'route:ns:istio-system->ns:legacy',
        'route:ns:istio-system->svc:shop/checkout',
        'route:svc:shop/cart->svc:shop/checkout',
        'selector:svc:shop/cart->wl:Pod/shop/cart-1',
        'selector:svc:shop/checkout->wl:Pod/shop/checkout-1',
        'waypoint:svc:shop/cart->wp:shop/waypoint',
        'waypoint:svc:shop/checkout->wp:shop/waypoint',
      ].sort(),
    );
    const children = g.nodes.filter((n) => n.parent === 'ns:legacy');
    expect(children).toEqual([]);
  });

  it('merges duplicate edges between collapsed namespaces and sums telemetry', () => {
    const telemetry = [
      {
        sourceWorkload: 'api-1',
        sourceNamespace: 'legacy',
        destService: 'cart',
        destNamespace: 'shop',
        requestRate: 3,
        errorRate: 0,
        reporter: 'destination',
      },
      {
        sourceWorkload: 'web-1',
        sourceNamespace: 'legacy',
        destService: 'checkout',
        destNamespace: 'shop',
        requestRate: 1,
        errorRate: 1,
        reporter: 'destination',
      },
    ];
    const g = graph({ collapseThreshold: 1, telemetry });
    const e = g.edges.find((x) => x.id === 'telemetry:ns:legacy->ns:shop');
    expect(e).toMatchObject({
      kind: 'telemetry',
      origin: 'telemetry',
      requestRate: 4,
      errorRate: 0.25,
      count: 2,
    });
  });
});

describe('buildGraph: telemetry', () => {
  it('adds telemetry edges from source workloads, with an external node for unknown callers', () => {
    const g = graph({
      telemetry: [
        {
          sourceWorkload: 'web-1',
          sourceNamespace: 'legacy',
          destService: 'cart',
          destNamespace: 'shop',
          requestRate: 2.5,
          errorRate: 0.1,
          reporter: 'waypoint',
        },
        {
          sourceWorkload: 'unknown',
          sourceNamespace: 'unknown',
          destService: 'web',
          destNamespace: 'legacy',
          requestRate: 1,
          errorRate: 0,
          reporter: 'destination',
        },
      ],
    });
    const t = g.edges.filter((e) => e.origin === 'telemetry');
    expect(t.map((e) => e.id).sort()).toEqual([
      'telemetry:ext:unknown->svc:legacy/web',
      'telemetry:wl:Pod/legacy/web-1->svc:shop/cart',
    ]);
    expect(t.find((e) => e.target === 'svc:shop/cart')).toMatchObject({
      kind: 'telemetry',
      requestRate: 2.5,
      errorRate: 0.1,
    });
    expect(node(g, 'ext:unknown')?.type).toBe('external');
  });
});

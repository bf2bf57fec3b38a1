import { describe, expect, it } from 'vitest';
import { generateCluster, toResourceSet } from '../testing/generate-cluster';
import { deploymentObj, nsObj, ownerRef, podObj, replicaSetObj, serviceObj, waypointObj } from './fixtures';
import { summarizeCluster } from './summary';

const rs = (app: string) => ownerRef('ReplicaSet', `${app}-1`);

function smallCluster() {
  return toResourceSet([
    nsObj('legacy', { 'istio-injection': 'enabled' }),
    nsObj('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }),
    nsObj('moving', { 'istio.io/dataplane-mode': 'ambient' }),
    deploymentObj('legacy', 'api'),
    replicaSetObj('legacy', 'api-1', 'api'),
    podObj('legacy', 'api-1-a', { owner: rs('api'), labels: { app: 'api' }, sidecar: true }),
    podObj('legacy', 'api-1-b', { owner: rs('api'), labels: { app: 'api' }, sidecar: true }),
    serviceObj('legacy', 'api', { app: 'api' }),
    waypointObj('shop', 'waypoint'),
    deploymentObj('shop', 'cart'),
    replicaSetObj('shop', 'cart-1', 'cart'),
    podObj('shop', 'cart-1-a', { owner: rs('cart'), labels: { app: 'cart' }, captured: true }),
    serviceObj('shop', 'cart', { app: 'cart' }),
    serviceObj('shop', 'private', { app: 'cart' }, { labels: { 'istio.io/use-waypoint': 'none' } }),
    deploymentObj('moving', 'web'),
    replicaSetObj('moving', 'web-1', 'web'),
    podObj('moving', 'web-1-a', { owner: rs('web'), labels: { app: 'web' }, captured: true }),
    podObj('moving', 'web-1-b', { owner: rs('web'), labels: { app: 'web' }, sidecar: true }),
    deploymentObj('moving', 'idle', { app: 'idle' }),
    serviceObj('moving', 'idle', { app: 'idle' }),
  ]);
}

describe('summarizeCluster', () => {
  it('gives namespaces their state, counts and waypoint', () => {
    const s = summarizeCluster(smallCluster());
    expect(
      s.namespaces.map((n) => ({ name: n.name, state: n.state, pods: n.pods, waypoint: n.waypoint })),
    ).toEqual([
      {
        name: 'legacy',
        state: 'sidecar',
        pods: { sidecar: 2, ambient: 0, ambientPending: 0, none: 0, total: 2 },
        waypoint: null,
      },
      {
        name: 'moving',
        state: 'mixed',
        pods: { sidecar: 0, ambient: 1, ambientPending: 1, none: 0, total: 2 },
        waypoint: null,
      },
      {
        name: 'shop',
        state: 'ambient-l7',
        pods: { sidecar: 0, ambient: 1, ambientPending: 0, none: 0, total: 1 },
        waypoint: { namespace: 'shop', name: 'waypoint' },
      },
    ]);
    expect(s.namespaces.find((n) => n.name === 'shop')?.waypoints).toEqual([
      { namespace: 'shop', name: 'waypoint' },
    ]);
    expect(s.pods.total).toBe(5);
  });

  it('lists workloads with data plane, reason, services and waypoint', () => {
    const s = summarizeCluster(smallCluster());
    const view = s.workloads.map((w) => ({
      id: w.id,
      dataplane: w.dataplane,
      services: w.services,
      waypoint: w.waypoint,
    }));
    expect(view).toEqual([
      { id: 'Deployment/legacy/api', dataplane: 'sidecar', services: ['Service/legacy/api'], waypoint: null },
      { id: 'Deployment/moving/idle', dataplane: 'none', services: ['Service/moving/idle'], waypoint: null },
      { id: 'Deployment/moving/web', dataplane: 'ambient-pending', services: [], waypoint: null },
      {
        id: 'Deployment/shop/cart',
        dataplane: 'ambient',
        services: ['Service/shop/cart', 'Service/shop/private'],
        waypoint: null,
      },
    ]);
    expect(s.workloads.find((w) => w.name === 'web')?.reason).toMatch(
      /^mixed pods: 1 ambient, 1 ambient-pending/,
    );
  });

  it('resolves service waypoints, including opt-out', () => {
    const s = summarizeCluster(smallCluster());
    const byName = new Map(s.services.map((x) => [x.name, x]));
    expect(byName.get('cart')).toMatchObject({
      waypoint: { namespace: 'shop', name: 'waypoint' },
      waypointSource: 'namespace',
      workloads: ['Deployment/shop/cart'],
    });
    expect(byName.get('private')).toMatchObject({ waypoint: null, waypointSource: 'service' });
    expect(byName.get('idle')?.workloads).toEqual(['Deployment/moving/idle']);
    expect(byName.get('api')?.dataplane).toBe('sidecar');
  });

  it('matches each generated namespace mode and counts every pod once', () => {
    const cluster = generateCluster({ pods: 3000, seed: 7 });
    const s = summarizeCluster(cluster);
    expect(s.pods.total).toBe(cluster.pods.length);
    const expected: Record<string, string> = {
      sidecar: 'sidecar',
      ambient: 'ambient',
      'ambient-l7': 'ambient-l7',
      mixed: 'mixed',
      pending: 'mixed',
      none: 'out-of-mesh',
    };
    const modes = new Map(
      cluster.namespaces.map((n) => [
        n.metadata.name,
        n.metadata.labels?.['mesh-migrator.io/generated-mode'],
      ]),
    );
    const seen = new Set<string>();
    for (const n of s.namespaces) {
      const mode = modes.get(n.name);
      if (!mode) continue;
      seen.add(mode);
      expect([n.name, n.state]).toEqual([n.name, expected[mode]]);
    }
    expect(seen.size).toBe(6);
  });

  it('marks waypoint proxies and reads ingress-use-waypoint from the Service, then the namespace', () => {
    const s = summarizeCluster(
      toResourceSet([
        nsObj('a', { 'istio.io/ingress-use-waypoint': 'true' }),
        waypointObj('a', 'wp'),
        podObj('a', 'wp-1', { labels: { 'gateway.networking.k8s.io/gateway-name': 'wp' } }),
        serviceObj('a', 'wp', { 'gateway.networking.k8s.io/gateway-name': 'wp' }),
        serviceObj('a', 'inherits'),
        serviceObj('a', 'overrides', undefined, { labels: { 'istio.io/ingress-use-waypoint': 'false' } }),
      ]),
    );
    expect(s.workloads.map((w) => [w.name, w.waypointOf])).toEqual([
      ['wp-1', { namespace: 'a', name: 'wp' }],
    ]);
    const byName = new Map(s.services.map((x) => [x.name, x]));
    expect(byName.get('wp')?.waypointOf).toEqual({ namespace: 'a', name: 'wp' });
    expect(byName.get('inherits')).toMatchObject({ ingressUsesWaypoint: true });
    expect(byName.get('inherits')?.waypointOf).toBeUndefined();
    expect(byName.get('overrides')?.ingressUsesWaypoint).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { toResourceSet } from '../testing/generate-cluster';
import { nsObj, podObj, serviceObj, waypointObj } from './fixtures';
import { buildWaypointIndex, resolveWaypoint } from './waypoints';

const USE = 'istio.io/use-waypoint';

function index(objects: KubeObject[]) {
  return buildWaypointIndex(toResourceSet(objects));
}

describe('buildWaypointIndex', () => {
  it('finds waypoints by class or HBONE listener and reads waypoint-for, Programmed and allowedRoutes', () => {
    const ix = index([
      waypointObj('a', 'wp'),
      waypointObj('a', 'other-impl', {
        className: 'kgateway-waypoint',
        waypointFor: 'all',
        allowedFrom: 'All',
      }),
      waypointObj('a', 'broken', { programmed: false, waypointFor: 'bogus' }),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'edge', namespace: 'a' },
        spec: { gatewayClassName: 'istio', listeners: [{ port: 80, protocol: 'HTTP' }] },
      },
    ]);
    expect([...ix.waypoints.keys()].sort()).toEqual(['a/broken', 'a/other-impl', 'a/wp']);
    expect(ix.waypoints.get('a/wp')).toMatchObject({
      trafficType: 'service',
      programmed: true,
      allowedNamespaces: 'Same',
      problems: [],
    });
    expect(ix.waypoints.get('a/other-impl')).toMatchObject({ trafficType: 'all', allowedNamespaces: 'All' });
    expect(ix.waypoints.get('a/broken')?.problems).toHaveLength(2);
    expect(ix.otherGateways.has('a/edge')).toBe(true);
  });

  it('takes waypoint-for from the GatewayClass when the Gateway has none', () => {
    const cls = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio-waypoint', labels: { 'istio.io/waypoint-for': 'workload' } },
    };
    expect(index([cls, waypointObj('a', 'wp')]).waypoints.get('a/wp')?.trafficType).toBe('workload');
  });
});

describe('resolveWaypoint', () => {
  const base = [
    waypointObj('a', 'wp'),
    waypointObj('a', 'wl', { waypointFor: 'workload' }),
    waypointObj('a', 'both', { waypointFor: 'all' }),
  ];

  const cases: {
    name: string;
    objects: KubeObject[];
    target: KubeObject;
    traffic: 'service' | 'workload';
    want: { waypoint?: string; source: string; problem?: RegExp; reason?: RegExp };
  }[] = [
    {
      name: 'no labels',
      objects: [nsObj('a')],
      target: serviceObj('a', 's'),
      traffic: 'service',
      want: { source: 'none' },
    },
    {
      name: 'namespace label',
      objects: [nsObj('a', { [USE]: 'wp' })],
      target: serviceObj('a', 's'),
      traffic: 'service',
      want: { waypoint: 'a/wp', source: 'namespace' },
    },
    {
      name: 'service label beats namespace label',
      objects: [nsObj('a', { [USE]: 'wp' })],
      target: serviceObj('a', 's', undefined, { labels: { [USE]: 'both' } }),
      traffic: 'service',
      want: { waypoint: 'a/both', source: 'service' },
    },
    {
      name: 'service none opts out of the namespace waypoint',
      objects: [nsObj('a', { [USE]: 'wp' })],
      target: serviceObj('a', 's', undefined, { labels: { [USE]: 'none' } }),
      traffic: 'service',
      want: { source: 'service', reason: /opted out/ },
    },
    {
      name: '#none also opts out',
      objects: [nsObj('a', { [USE]: 'wp' })],
      target: serviceObj('a', 's', undefined, { labels: { [USE]: '#none' } }),
      traffic: 'service',
      want: { source: 'service', reason: /opted out/ },
    },
    {
      name: 'pod label for workload traffic',
      objects: [nsObj('a', { [USE]: 'wp' })],
      target: podObj('a', 'p', { labels: { [USE]: 'wl' } }),
      traffic: 'workload',
      want: { waypoint: 'a/wl', source: 'pod' },
    },
    {
      name: 'namespace service-only waypoint does not take workload traffic (reason, no problem)',
      objects: [nsObj('a', { [USE]: 'wp' })],
      target: podObj('a', 'p'),
      traffic: 'workload',
      want: { source: 'namespace', reason: /for service traffic/ },
    },
    {
      name: 'explicit label to a waypoint of the wrong traffic type is a problem',
      objects: [nsObj('a')],
      target: serviceObj('a', 's', undefined, { labels: { [USE]: 'wl' } }),
      traffic: 'service',
      want: { source: 'service', problem: /for workload traffic/ },
    },
    {
      name: 'missing waypoint',
      objects: [nsObj('a', { [USE]: 'ghost' })],
      target: serviceObj('a', 's'),
      traffic: 'service',
      want: { source: 'namespace', problem: /a\/ghost does not exist/ },
    },
    {
      name: 'waypoint not Programmed',
      objects: [nsObj('a'), waypointObj('a', 'cold', { programmed: false })],
      target: serviceObj('a', 's', undefined, { labels: { [USE]: 'cold' } }),
      traffic: 'service',
      want: { source: 'service', problem: /not Programmed/ },
    },
    {
      name: 'Programmed=False but addressed: istiod uses it (readiness is an address in status)',
      objects: [
        nsObj('a'),
        {
          ...waypointObj('a', 'warm', { programmed: false }),
          status: {
            conditions: [{ type: 'Programmed', status: 'False' }],
            addresses: [{ type: 'Hostname', value: 'warm.a.svc.cluster.local' }],
          },
        },
      ],
      target: serviceObj('a', 's', undefined, { labels: { [USE]: 'warm' } }),
      traffic: 'service',
      want: { waypoint: 'a/warm', source: 'service' },
    },
    {
      name: 'Programmed=True without an address yet is not used',
      objects: [
        nsObj('a'),
        {
          ...waypointObj('a', 'new'),
          status: { conditions: [{ type: 'Programmed', status: 'True' }], addresses: [] },
        },
      ],
      target: serviceObj('a', 's', undefined, { labels: { [USE]: 'new' } }),
      traffic: 'service',
      want: { source: 'service', problem: /has no address yet/ },
    },
    {
      name: 'cross-namespace use with use-waypoint-namespace and allowedRoutes All',
      objects: [nsObj('a'), nsObj('infra'), waypointObj('infra', 'shared', { allowedFrom: 'All' })],
      target: serviceObj('a', 's', undefined, {
        labels: { [USE]: 'shared', 'istio.io/use-waypoint-namespace': 'infra' },
      }),
      traffic: 'service',
      want: { waypoint: 'infra/shared', source: 'service' },
    },
    {
      name: 'cross-namespace use denied by allowedRoutes Same',
      objects: [nsObj('a'), nsObj('infra'), waypointObj('infra', 'shared')],
      target: serviceObj('a', 's', undefined, {
        labels: { [USE]: 'shared', 'istio.io/use-waypoint-namespace': 'infra' },
      }),
      traffic: 'service',
      want: { source: 'service', problem: /does not accept namespace a/ },
    },
    {
      name: 'namespace label with use-waypoint-namespace',
      objects: [
        nsObj('a', { [USE]: 'shared', 'istio.io/use-waypoint-namespace': 'infra' }),
        waypointObj('infra', 'shared', { allowedFrom: 'All' }),
      ],
      target: serviceObj('a', 's'),
      traffic: 'service',
      want: { waypoint: 'infra/shared', source: 'namespace' },
    },
    {
      name: "a waypoint's own Service has no waypoint",
      objects: [nsObj('a', { [USE]: 'wp' })],
      target: serviceObj('a', 'wp', undefined, {
        labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' },
      }),
      traffic: 'service',
      want: { source: 'none', reason: /waypoint itself/ },
    },
  ];

  it.each(cases)('$name', ({ objects, target, traffic, want }) => {
    const got = resolveWaypoint(target, traffic, index([...base, ...objects]));
    expect(got.waypoint ? `${got.waypoint.namespace}/${got.waypoint.name}` : undefined).toBe(want.waypoint);
    expect(got.source).toBe(want.source);
    if (want.problem) expect(got.problem).toMatch(want.problem);
    else expect(got.problem).toBeUndefined();
    if (want.reason) expect(got.reason).toMatch(want.reason);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyResourceSet, type ResourceSet } from '../../cluster/snapshot';
import type { KubeObject } from '../../k8s/objects';
import { deploymentObj, nsObj, ownerRef, podObj, serviceObj, waypointObj } from '../../mesh/fixtures';
import { summarizeCluster } from '../../mesh/summary';
import type { Call } from './calls';
import { flowRates, type SeriesRates } from './flows';

type PodKind = 'sidecar' | 'ambient' | 'none';

function workload(ns: string, name: string, pods: PodKind[], app = name): KubeObject[] {
  return [
    deploymentObj(ns, name, { app }),
    ...pods.map((k, i) =>
      podObj(ns, `${name}-${i}`, {
        labels: { app },
        owner: ownerRef('Deployment', name),
        sidecar: k === 'sidecar',
        captured: k === 'ambient',
      }),
    ),
  ];
}

function resources(objects: KubeObject[]): ResourceSet {
  const r = emptyResourceSet();
  for (const o of objects) {
    const key = (
      {
        Namespace: 'namespaces',
        Deployment: 'deployments',
        Pod: 'pods',
        Service: 'services',
        Gateway: 'gateways',
      } as const
    )[o.kind as 'Namespace'];
    r[key].push(o);
  }
  return r;
}

const call: Call = {
  from: { namespace: 'app', workload: 'web' },
  to: { namespace: 'app', service: 'api' },
  protocol: 'http',
  rps: 10,
  errors: 0.1,
  p50Ms: 10,
  p99Ms: 100,
  bytes: 1000,
};

function rates(objects: KubeObject[], opts: { calls?: Call[]; denied?: boolean } = {}): SeriesRates {
  return flowRates({
    summary: summarizeCluster(resources(objects)),
    calls: opts.calls ?? [call],
    gateways: new Set(),
    deniesWaypoint: () => opts.denied ?? false,
  });
}

/** Sum of the rates of series of `name` whose labels match `where`. */
function total(r: SeriesRates, name: string, where: Record<string, string> = {}): number {
  let sum = 0;
  for (const { labels, rate } of r.values()) {
    if (labels.__name__ !== name) continue;
    if (Object.entries(where).every(([k, v]) => labels[k] === v)) sum += rate;
  }
  return Math.round(sum * 1e6) / 1e6;
}

const api = serviceObj('app', 'api', { app: 'api' });

describe('flowRates', () => {
  it('sidecars on both ends: source and destination each report every request once', () => {
    const r = rates([
      nsObj('app'),
      ...workload('app', 'web', ['sidecar', 'sidecar']),
      ...workload('app', 'api', ['sidecar']),
      api,
    ]);
    expect(total(r, 'istio_requests_total', { reporter: 'source' })).toBe(10);
    expect(total(r, 'istio_requests_total', { reporter: 'destination' })).toBe(10);
    expect(total(r, 'istio_requests_total', { reporter: 'destination', response_code: '503' })).toBe(1);
    expect(total(r, 'istio_requests_total', { reporter: 'waypoint' })).toBe(0);
    expect(total(r, 'istio_tcp_sent_bytes_total')).toBe(0);
    // The histogram's +Inf bucket and _count both equal the request rate; lower buckets hold less.
    expect(
      total(r, 'istio_request_duration_milliseconds_bucket', { reporter: 'destination', le: '+Inf' }),
    ).toBe(10);
    expect(total(r, 'istio_request_duration_milliseconds_count', { reporter: 'destination' })).toBe(10);
    const under10 = total(r, 'istio_request_duration_milliseconds_bucket', {
      reporter: 'destination',
      le: '10',
    });
    expect(under10).toBeCloseTo(5, 1);
  });

  it('splits a Service across its workloads by pod count', () => {
    const r = rates([
      nsObj('app'),
      ...workload('app', 'web', ['sidecar']),
      ...workload('app', 'api-v1', ['sidecar', 'sidecar', 'sidecar'], 'api'),
      ...workload('app', 'api-v2', ['sidecar'], 'api'),
      api,
    ]);
    expect(
      total(r, 'istio_requests_total', { reporter: 'destination', destination_workload: 'api-v1' }),
    ).toBe(7.5);
    expect(
      total(r, 'istio_requests_total', { reporter: 'destination', destination_workload: 'api-v2' }),
    ).toBe(2.5);
  });

  it('ambient without a waypoint: only ztunnel reports, at L4', () => {
    const r = rates([
      nsObj('app'),
      ...workload('app', 'web', ['ambient']),
      ...workload('app', 'api', ['ambient']),
      api,
    ]);
    expect(total(r, 'istio_requests_total')).toBe(0);
    expect(total(r, 'istio_tcp_sent_bytes_total', { reporter: 'source', app: 'ztunnel' })).toBe(10_000);
    expect(total(r, 'istio_tcp_sent_bytes_total', { reporter: 'destination', app: 'ztunnel' })).toBe(10_000);
    expect(total(r, 'istio_tcp_connections_opened_total', { reporter: 'destination' })).toBeGreaterThan(0);
  });

  it('a waypoint in the path reports every request; ztunnel sees the waypoint as the peer', () => {
    const withWaypoint = serviceObj(
      'app',
      'api',
      { app: 'api' },
      { labels: { 'istio.io/use-waypoint': 'waypoint' } },
    );
    const r = rates([
      nsObj('app'),
      ...workload('app', 'web', ['ambient']),
      ...workload('app', 'api', ['ambient']),
      withWaypoint,
      waypointObj('app', 'waypoint'),
    ]);
    expect(total(r, 'istio_requests_total', { reporter: 'waypoint' })).toBe(10);
    expect(total(r, 'istio_requests_total', { reporter: 'waypoint', response_code: '503' })).toBe(1);
    expect(total(r, 'istio_requests_total', { reporter: 'destination' })).toBe(0);
    expect(
      total(r, 'istio_tcp_sent_bytes_total', { reporter: 'destination', source_workload: 'waypoint' }),
    ).toBe(10_000);
    expect(
      total(r, 'istio_tcp_sent_bytes_total', { reporter: 'source', destination_workload: 'waypoint' }),
    ).toBe(10_000);
  });

  it('half the destination pods restarted into ambient: half the traffic is sidecar-reported', () => {
    const r = rates([
      nsObj('app'),
      ...workload('app', 'web', ['sidecar']),
      ...workload('app', 'api', ['sidecar', 'ambient']),
      api,
    ]);
    expect(total(r, 'istio_requests_total', { reporter: 'source' })).toBe(10);
    expect(total(r, 'istio_requests_total', { reporter: 'destination' })).toBe(5);
    expect(total(r, 'istio_tcp_sent_bytes_total', { reporter: 'destination', app: 'ztunnel' })).toBe(5000);
  });

  it('callers outside the mesh are reported by the destination only, without mTLS', () => {
    const r = rates([
      nsObj('app'),
      ...workload('app', 'web', ['none']),
      ...workload('app', 'api', ['sidecar']),
      api,
    ]);
    expect(total(r, 'istio_requests_total', { reporter: 'source' })).toBe(0);
    expect(
      total(r, 'istio_requests_total', { reporter: 'destination', connection_security_policy: 'none' }),
    ).toBe(10);
  });

  it('an L4 policy that denies the waypoint fails every request through it, fast', () => {
    const withWaypoint = serviceObj(
      'app',
      'api',
      { app: 'api' },
      { labels: { 'istio.io/use-waypoint': 'waypoint' } },
    );
    const r = rates(
      [
        nsObj('app'),
        ...workload('app', 'web', ['ambient']),
        ...workload('app', 'api', ['ambient']),
        withWaypoint,
        waypointObj('app', 'waypoint'),
      ],
      { denied: true },
    );
    expect(
      total(r, 'istio_requests_total', { reporter: 'waypoint', response_code: '503', response_flags: 'UF' }),
    ).toBe(10);
    expect(total(r, 'istio_requests_total', { reporter: 'waypoint', response_code: '200' })).toBe(0);
    expect(total(r, 'istio_tcp_sent_bytes_total', { reporter: 'destination' })).toBe(0);
  });

  it('TCP calls are reported as connections and bytes by whichever proxy each end has', () => {
    const r = rates(
      [nsObj('app'), ...workload('app', 'web', ['sidecar']), ...workload('app', 'api', ['ambient']), api],
      {
        calls: [{ ...call, protocol: 'tcp', rps: 2 }],
      },
    );
    expect(total(r, 'istio_requests_total')).toBe(0);
    expect(total(r, 'istio_tcp_connections_opened_total', { reporter: 'source', app: 'web' })).toBe(2);
    expect(total(r, 'istio_tcp_connections_opened_total', { reporter: 'destination', app: 'ztunnel' })).toBe(
      2,
    );
  });

  it('skips calls whose workload or Service does not exist', () => {
    const r = rates([nsObj('app'), ...workload('app', 'web', ['sidecar']), api], {
      calls: [call, { ...call, to: { namespace: 'app', service: 'nope' } }],
    });
    expect(r.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { PromSample } from '../topology/telemetry';
import { type ServiceSignals, signalQueries, signalsFromSamples, trafficVerdict } from './traffic';

const sig = (service: string, x: Partial<ServiceSignals> = {}): ServiceSignals => ({
  service,
  requests: 10,
  successRate: 0.999,
  p50: 5,
  p99: 50,
  connections: 1,
  reporter: 'destination',
  ...x,
});

describe('trafficVerdict', () => {
  it.each([
    ['same numbers', sig('shop/api'), sig('shop/api'), 'verified', 'healthy'],
    [
      'success drop of 0.9 point',
      sig('shop/api'),
      sig('shop/api', { successRate: 0.99 }),
      'verified',
      'healthy',
    ],
    [
      'success drop of 2 points',
      sig('shop/api'),
      sig('shop/api', { successRate: 0.979 }),
      'degraded',
      'degraded',
    ],
    ['p99 up 19%', sig('shop/api'), sig('shop/api', { p99: 59.5 }), 'verified', 'healthy'],
    ['p99 up 40%', sig('shop/api'), sig('shop/api', { p99: 70 }), 'degraded', 'degraded'],
    ['p50 doubles but p99 holds', sig('shop/api'), sig('shop/api', { p50: 10 }), 'verified', 'healthy'],
    [
      'requests stop, connections too',
      sig('shop/api'),
      sig('shop/api', { requests: 0, connections: 0 }),
      'degraded',
      'degraded',
    ],
    [
      'requests now seen by ztunnel only',
      sig('shop/api'),
      sig('shop/api', { requests: 0, successRate: null, p50: null, p99: null, connections: 3 }),
      'verified',
      'l4-only',
    ],
  ] as const)('%s', (_name, before, after, status, svc) => {
    const v = trafficVerdict([before], [after]);
    expect(v.status).toBe(status);
    expect(v.services[0]?.status).toBe(svc);
  });

  it('names the degraded Service and the evidence', () => {
    const v = trafficVerdict(
      [sig('shop/api'), sig('shop/web')],
      [sig('shop/api', { p99: 100 }), sig('shop/web')],
    );
    expect(v.summary).toBe('traffic degraded: shop/api (p99 50.0 ms → 100.0 ms (+100%))');
    expect(v.services.map((s) => s.status)).toEqual(['degraded', 'healthy']);
  });

  it('takes thresholds', () => {
    const v = trafficVerdict([sig('a/b')], [sig('a/b', { p99: 55 })], {
      successDropPoints: 1,
      p99IncreasePercent: 5,
    });
    expect(v.status).toBe('degraded');
  });

  it('reports no traffic when nothing was seen', () => {
    expect(trafficVerdict([], []).status).toBe('no-traffic');
  });
});

const s = (service: string, reporter: string, v: number): PromSample => ({
  metric: { destination_service_name: service, reporter },
  value: [0, String(v)],
});

describe('signalsFromSamples', () => {
  it('prefers the waypoint over the sidecar, and computes the success rate', () => {
    const out = signalsFromSamples('shop', {
      requests: [s('api', 'waypoint', 10), s('api', 'source', 30)],
      errors: [s('api', 'waypoint', 1), s('api', 'source', 0)],
      p50: [s('api', 'waypoint', 4)],
      p99: [s('api', 'waypoint', 40), s('api', 'source', 400)],
      connections: [s('db', 'destination', 2)],
    });
    expect(out).toEqual([
      {
        service: 'shop/api',
        requests: 10,
        successRate: 0.9,
        p50: 4,
        p99: 40,
        connections: 0,
        reporter: 'waypoint',
      },
      {
        service: 'shop/db',
        requests: 0,
        successRate: null,
        p50: null,
        p99: null,
        connections: 2,
        reporter: 'destination',
      },
    ]);
  });

  it('refuses a window or namespace that is not safe in PromQL', () => {
    expect(() => signalQueries('shop', '5m"}')).toThrow(/invalid Prometheus range/);
    expect(() => signalQueries('shop"}', '5m')).toThrow(/invalid namespace/);
    expect(signalQueries('shop', '5m').p99).toContain('histogram_quantile(0.99');
  });
});

import { describe, expect, it } from 'vitest';
import { parseServiceTraffic, serviceTraffic, serviceTrafficQueries } from './service-traffic';
import type { PromSample, TelemetrySource } from './source';

const s = (metric: Record<string, string>, v: number): PromSample => ({ metric, value: [0, String(v)] });
const empty = { requests: [], errors: [], p50: [], p99: [], tcpOpened: [], tcpFailed: [] };

describe('serviceTrafficQueries', () => {
  it('selects the namespace and the window, and refuses anything but a range', () => {
    const q = serviceTrafficQueries('shop', '2m');
    expect(q.requests).toBe(
      'sum by (destination_service_name, reporter)(rate(istio_requests_total{destination_service_namespace="shop"}[2m]))',
    );
    expect(q.errors).toContain('response_code=~"5.."');
    expect(q.p99).toMatch(
      /^histogram_quantile\(0\.99, sum by \(.*le\)\(rate\(istio_request_duration_milliseconds_bucket/,
    );
    expect(() => serviceTrafficQueries('shop', '2m]) or vector(1')).toThrow(/invalid Prometheus range/);
  });

  it('quotes the namespace so it cannot escape the matcher', () => {
    expect(serviceTrafficQueries('a"b').requests).toContain('destination_service_namespace="a\\"b"');
  });
});

describe('parseServiceTraffic', () => {
  it('takes each number from the reporter closest to the destination', () => {
    const out = parseServiceTraffic('shop', {
      ...empty,
      requests: [
        s({ destination_service_name: 'cart', reporter: 'source' }, 30),
        s({ destination_service_name: 'cart', reporter: 'waypoint' }, 20),
        s({ destination_service_name: 'catalog', reporter: 'destination' }, 8),
      ],
      errors: [
        s({ destination_service_name: 'cart', reporter: 'source' }, 30),
        s({ destination_service_name: 'cart', reporter: 'waypoint' }, 5),
      ],
      p50: [s({ destination_service_name: 'cart', reporter: 'waypoint' }, 12)],
      p99: [
        s({ destination_service_name: 'cart', reporter: 'waypoint' }, 240),
        s({ destination_service_name: 'catalog', reporter: 'destination' }, Number.NaN),
      ],
    });
    expect(out).toEqual([
      {
        namespace: 'shop',
        service: 'cart',
        requestRate: 20,
        successRate: 0.75,
        p50Ms: 12,
        p99Ms: 240,
        reporter: 'waypoint',
        tcpConnectionRate: 0,
        tcpFailureRate: 0,
      },
      {
        namespace: 'shop',
        service: 'catalog',
        requestRate: 8,
        successRate: 1,
        reporter: 'destination',
        tcpConnectionRate: 0,
        tcpFailureRate: 0,
      },
    ]);
  });

  it('reports TCP-only Services (ztunnel) with connection rates and no success rate', () => {
    const [db] = parseServiceTraffic('orders', {
      ...empty,
      tcpOpened: [s({ destination_service_name: 'db', reporter: 'destination' }, 4)],
      tcpFailed: [s({ destination_service_name: 'db', reporter: 'destination' }, 1)],
    });
    expect(db).toEqual({
      namespace: 'orders',
      service: 'db',
      requestRate: 0,
      tcpConnectionRate: 4,
      tcpFailureRate: 1,
    });
  });
});

describe('serviceTraffic', () => {
  it('asks the source every query at the given time', async () => {
    const asked: { promql: string; time?: Date }[] = [];
    const source: TelemetrySource = {
      kind: 'demo',
      description: 'recording',
      async query(promql, time) {
        asked.push({ promql, time });
        return promql.startsWith('sum by') &&
          promql.includes('istio_requests_total{destination_service_namespace="ns"}[1m]')
          ? [s({ destination_service_name: 'web', reporter: 'destination' }, 3)]
          : [];
      },
      queryRange: () => Promise.reject(new Error('serviceTraffic asks instant queries only')),
    };
    const at = new Date('2026-01-01T00:00:00Z');
    const out = await serviceTraffic(source, 'ns', { window: '1m', at });
    expect(asked).toHaveLength(6);
    expect(asked.every((a) => a.time === at)).toBe(true);
    expect(out).toEqual([
      expect.objectContaining({ service: 'web', requestRate: 3, successRate: 1, reporter: 'destination' }),
    ]);
  });
});

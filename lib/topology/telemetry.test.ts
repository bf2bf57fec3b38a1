import { describe, expect, it } from 'vitest';
import {
  HTTP_REQUESTS_QUERY,
  mergeTelemetry,
  type PromSample,
  parseHttpRequests,
  parseTcp,
  TCP_SENT_BYTES_QUERY,
  telemetryFromPrometheus,
  telemetryQueries,
} from './telemetry';
import { mergeReporter } from './telemetry-graph';

function sample(labels: Record<string, string>, value: string): PromSample {
  return {
    metric: {
      source_workload: 'web',
      source_workload_namespace: 'front',
      destination_service_name: 'api',
      destination_service_namespace: 'back',
      destination_workload: 'api-v1',
      destination_workload_namespace: 'back',
      ...labels,
    },
    value: [1700000000, value],
  };
}

describe('queries', () => {
  it('group by the labels the parser reads', () => {
    for (const l of [
      'source_workload',
      'destination_service_name',
      'destination_workload',
      'reporter',
      'response_code',
    ]) {
      expect(HTTP_REQUESTS_QUERY).toContain(l);
    }
    expect(HTTP_REQUESTS_QUERY).toContain('rate(istio_requests_total[1m])');
    expect(TCP_SENT_BYTES_QUERY).toContain('istio_tcp_sent_bytes_total');
  });
});

describe('parseHttpRequests', () => {
  it('sums response codes and computes the 5xx fraction', () => {
    const edges = parseHttpRequests([
      sample({ reporter: 'destination', response_code: '200' }, '9'),
      sample({ reporter: 'destination', response_code: '503' }, '1'),
      sample({ reporter: 'destination', response_code: '404' }, '0'),
    ]);
    expect(edges).toEqual([
      {
        sourceWorkload: 'web',
        sourceNamespace: 'front',
        destService: 'api',
        destWorkload: 'api-v1',
        destNamespace: 'back',
        requestRate: 10,
        errorRate: 0.1,
        reporter: 'destination',
        proxy: 'sidecar',
      },
    ]);
  });

  it.each([
    ['waypoint', 'waypoint'],
    ['destination', 'sidecar'],
    ['source', 'sidecar'],
  ])('HTTP reported by %s comes from a %s proxy', (reporter, proxy) => {
    const [e] = parseHttpRequests([sample({ reporter, response_code: '200' }, '1')]);
    expect(e?.proxy).toBe(proxy);
  });

  it.each([
    [[['ztunnel', '10']], 'ztunnel'],
    [[['web', '10']], 'sidecar'],
    [
      [
        ['web', '3'],
        ['ztunnel', '7'],
      ],
      'ztunnel',
    ],
    [
      [
        ['web', '7'],
        ['ztunnel', '3'],
      ],
      'sidecar',
    ],
    [[['', '5']], undefined],
  ])('TCP by app %j is reported by %s', (apps, proxy) => {
    const [e] = parseTcp(
      apps.map(([app, v]) => sample({ reporter: 'destination', ...(app ? { app } : {}) }, v as string)),
    );
    expect(e?.proxy).toBe(proxy);
  });

  it.each([
    [['source', 'destination', 'waypoint'], 'waypoint', 5],
    [['source', 'destination'], 'destination', 3],
    [['source'], 'source', 2],
  ])('reporters %j → keeps %s only', (reporters, want, rate) => {
    const rates: Record<string, string> = { source: '2', destination: '3', waypoint: '5' };
    const edges = parseHttpRequests(
      reporters.map((r) => sample({ reporter: r, response_code: '200' }, rates[r] ?? '0')),
    );
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ reporter: want, requestRate: rate });
  });

  it('splits one service flow by destination workload and drops unknown values', () => {
    const edges = parseHttpRequests([
      sample({ reporter: 'destination', response_code: '200', destination_workload: 'api-v1' }, '4'),
      sample({ reporter: 'destination', response_code: '200', destination_workload: 'api-v2' }, '1'),
      sample({ reporter: 'source', response_code: '200', destination_workload: 'unknown' }, '5'),
    ]);
    expect(edges.map((e) => [e.destWorkload, e.requestRate])).toEqual([
      ['api-v1', 4],
      ['api-v2', 1],
    ]);
  });

  it('ignores NaN and zero rates', () => {
    expect(
      parseHttpRequests([
        sample({ reporter: 'source', response_code: '200' }, 'NaN'),
        sample({ reporter: 'source' }, '0'),
      ]),
    ).toEqual([]);
  });
});

describe('parseTcp and merging', () => {
  it('reads ztunnel bytes and connections, preferring the destination reporter', () => {
    const edges = parseTcp(
      [sample({ reporter: 'source' }, '100'), sample({ reporter: 'destination' }, '120')],
      [sample({ reporter: 'destination' }, '0.5')],
    );
    expect(edges).toEqual([
      expect.objectContaining({
        reporter: 'destination',
        requestRate: 0,
        tcpBytesRate: 120,
        tcpConnectionRate: 0.5,
      }),
    ]);
  });

  it('merges HTTP and TCP numbers of the same flow', () => {
    const all = telemetryFromPrometheus({
      http: [sample({ reporter: 'waypoint', response_code: '500' }, '2')],
      tcpBytes: [sample({ reporter: 'destination' }, '64')],
    });
    expect(all).toEqual([
      expect.objectContaining({ reporter: 'waypoint', requestRate: 2, errorRate: 1, tcpBytesRate: 64 }),
    ]);
  });

  it('weights error rates when merging request rates', () => {
    const base = {
      sourceWorkload: 'a',
      sourceNamespace: 'n',
      destNamespace: 'n',
      destService: 's',
      reporter: 'source',
    };
    const merged = mergeTelemetry(
      [{ ...base, requestRate: 3, errorRate: 0 }],
      [{ ...base, requestRate: 1, errorRate: 1 }],
    );
    expect(merged).toEqual([expect.objectContaining({ requestRate: 4, errorRate: 0.25 })]);
  });
});

describe('telemetryQueries', () => {
  it('puts the window into every query', () => {
    const q = telemetryQueries('30s');
    expect(q.http).toContain('rate(istio_requests_total[30s])');
    expect(q.tcpBytes).toContain('rate(istio_tcp_sent_bytes_total[30s])');
    expect(q.tcpConnections).toContain('rate(istio_tcp_connections_opened_total[30s])');
  });
  it.each(['1m)', '5', 'x', '1m] or vector(1)'])('refuses %s', (w) => {
    expect(() => telemetryQueries(w)).toThrow(/invalid Prometheus range/);
  });
});

describe('mergeReporter', () => {
  it.each([
    [undefined, 'ztunnel', 'ztunnel'],
    ['sidecar', 'ztunnel', 'sidecar'],
    ['ztunnel', 'waypoint', 'waypoint'],
    ['waypoint', 'sidecar', 'waypoint'],
    ['ztunnel', undefined, 'ztunnel'],
  ] as const)('%s + %s → %s', (a, b, want) => {
    expect(mergeReporter(a, b)).toBe(want);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSignals, prometheusQuery, recordTrafficCheck, trafficBaseline } from '@/lib/server/traffic';
import { type SeriesSpec, startExporter } from './istio-exporter';
import { startPrometheus } from './prometheus';

const to = (service: string) => ({
  source_workload: 'frontend',
  source_workload_namespace: 'shop',
  destination_service_name: service,
  destination_service_namespace: 'shop',
  destination_workload: `${service}-v1`,
  destination_workload_namespace: 'shop',
});

/** Requests per second by code, and latency buckets (cumulative, `le` in ms), of one Service. */
function service(
  name: string,
  reporter: string,
  ok: number,
  failing: number,
  buckets: Record<string, number>,
): SeriesSpec[] {
  const labels = { ...to(name), reporter };
  return [
    { name: 'istio_requests_total', labels: { ...labels, response_code: '200' }, perSecond: ok },
    { name: 'istio_requests_total', labels: { ...labels, response_code: '503' }, perSecond: failing },
    ...Object.entries(buckets).map(([le, perSecond]) => ({
      name: 'istio_request_duration_milliseconds_bucket',
      labels: { ...labels, le },
      perSecond,
    })),
  ];
}

const FAST = { '10': 20, '100': 20, '1000': 20, '+Inf': 20 };
// cart before: 20 ok requests/s, all under 10 ms. payments: the same, seen by its waypoint.
const SERIES: SeriesSpec[] = [
  ...service('cart', 'destination', 20, 0, FAST),
  ...service('payments', 'waypoint', 20, 0, FAST),
];

const WINDOW = '10s';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('traffic verdict from a real Prometheus, before and after a change', () => {
  const stop: (() => Promise<void>)[] = [];
  let url = '';

  beforeAll(async () => {
    const exporter = await startExporter(SERIES);
    stop.push(exporter.stop);
    const prom = await startPrometheus([exporter.url]);
    stop.unshift(prom.stop);
    url = prom.url;
    const query = prometheusQuery(url);
    if (!query) throw new Error('no query');
    const deadline = Date.now() + 45_000;
    while ((await measureSignals(query, 'shop', WINDOW)).length < 2) {
      if (Date.now() > deadline) throw new Error('no signals from Prometheus');
      await sleep(1000);
    }
    await sleep(11_000);
  }, 90_000);

  afterAll(async () => {
    for (const s of stop) await s();
  });

  it('records the golden signals before, then marks degraded the Service whose success rate and p99 got worse', async () => {
    const query = prometheusQuery(url);
    const before = await trafficBaseline('shop', { query, window: WINDOW });
    if (!('before' in before)) throw new Error(`no baseline: ${JSON.stringify(before)}`);
    expect(before.before.map((s) => [s.service, s.reporter, s.successRate])).toEqual([
      ['shop/cart', 'destination', 1],
      ['shop/payments', 'waypoint', 1],
    ]);
    expect(before.before[0]?.requests).toBeCloseTo(20, 0);
    expect(before.before[0]?.p99).toBeLessThan(10);

    // The change: cart now fails 10% of its requests and half of them take up to a second.
    const set = (svc: string, name: string, key: string, v: number) => {
      const s = SERIES.find(
        (x) =>
          x.labels.destination_service_name === svc &&
          x.name === name &&
          (x.labels.response_code === key || x.labels.le === key),
      );
      if (!s) throw new Error(`no series ${svc} ${name} ${key}`);
      s.perSecond = v;
    };
    set('cart', 'istio_requests_total', '200', 18);
    set('cart', 'istio_requests_total', '503', 2);
    set('cart', 'istio_request_duration_milliseconds_bucket', '10', 10);
    set('cart', 'istio_request_duration_milliseconds_bucket', '100', 10);

    const record = {
      id: 'shop/mesh-migrator-record-enable-ambient-0001',
      namespace: 'shop',
      traffic: before,
    };
    const measuring = await recordTrafficCheck(record, { query });
    expect(measuring?.status).toBe('measuring');

    await sleep(12_000);
    const check = await recordTrafficCheck(record, { query });
    expect(check?.status).toBe('degraded');
    if (!check || !('services' in check)) throw new Error('no verdict');
    const cart = check.services.find((s) => s.service === 'shop/cart');
    expect(cart?.status).toBe('degraded');
    expect(cart?.after?.successRate).toBeCloseTo(0.9, 1);
    expect(cart?.after?.p99).toBeGreaterThan(100);
    expect(cart?.reasons.join(' ')).toMatch(/success rate .* p99|success rate/);
    expect(check.services.find((s) => s.service === 'shop/payments')?.status).toBe('healthy');
  }, 60_000);

  it('says so when no telemetry is configured', async () => {
    const saved = process.env.MESH_MIGRATOR_PROMETHEUS_URL;
    delete process.env.MESH_MIGRATOR_PROMETHEUS_URL;
    const b = await trafficBaseline('shop', {}).finally(() => {
      if (saved !== undefined) process.env.MESH_MIGRATOR_PROMETHEUS_URL = saved;
    });
    expect(b).toMatchObject({ unavailable: expect.stringMatching(/no telemetry configured/) });
    const check = await recordTrafficCheck({ id: 'x/y', namespace: 'shop', traffic: b });
    expect(check).toMatchObject({ status: 'unavailable' });
  });
});

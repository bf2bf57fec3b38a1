import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoCluster } from '@/lib/demo';
import { summarizeCluster } from '@/lib/mesh/summary';
import { PrometheusTelemetry } from '@/lib/server/prometheus';
import { fetchTelemetry } from '@/lib/server/telemetry';
import { serviceTraffic } from '@/lib/telemetry/service-traffic';
import { buildGraph } from '@/lib/topology/build';
import type { SeriesSpec } from './istio-exporter';
import { startScrapedSeries } from './prometheus';

const flow = {
  source_workload: 'productpage-v1',
  source_workload_namespace: 'bookinfo',
  destination_service_name: 'reviews',
  destination_service_namespace: 'bookinfo',
  destination_workload: 'reviews-v1',
  destination_workload_namespace: 'bookinfo',
};
const tcpFlow = {
  source_workload: 'reviews-v1',
  source_workload_namespace: 'bookinfo',
  destination_service_name: 'ratings',
  destination_service_namespace: 'bookinfo',
  destination_workload: 'ratings-v1',
  destination_workload_namespace: 'bookinfo',
};

const SERIES: SeriesSpec[] = [
  // The waypoint's view of the flow: 10 ok and 2 failing requests per second.
  {
    name: 'istio_requests_total',
    labels: { ...flow, reporter: 'waypoint', response_code: '200' },
    perSecond: 10,
  },
  {
    name: 'istio_requests_total',
    labels: { ...flow, reporter: 'waypoint', response_code: '503' },
    perSecond: 2,
  },
  // The client sidecar reports the same flow with other numbers; the waypoint's must win.
  {
    name: 'istio_requests_total',
    labels: { ...flow, reporter: 'source', response_code: '200' },
    perSecond: 30,
  },
  // ztunnel: L4 only.
  { name: 'istio_tcp_sent_bytes_total', labels: { ...tcpFlow, reporter: 'destination' }, perSecond: 4000 },
  {
    name: 'istio_tcp_connections_opened_total',
    labels: { ...tcpFlow, reporter: 'destination' },
    perSecond: 5,
  },
];

// A short rate window lets a test see exact rates after a few seconds of 1 s scrapes.
const WINDOW = '10s';

describe('telemetry from a real Prometheus', () => {
  let stop = async () => {};
  let promUrl = '';

  beforeAll(async () => {
    // rate() needs at least two scrapes; then fill the whole rate window so the estimate is the true slope.
    const scraped = await startScrapedSeries(
      SERIES,
      async (url) => {
        const r = await fetchTelemetry(new PrometheusTelemetry(url), WINDOW);
        return r.edges.some((e) => e.tcpBytesRate) && r.edges.some((e) => e.requestRate > 0);
      },
      11_000,
    );
    stop = scraped.stop;
    promUrl = scraped.url;
  }, 90_000);

  afterAll(() => stop());

  it('derives request and error rates per edge, preferring the waypoint reporter', async () => {
    const r = await fetchTelemetry(new PrometheusTelemetry(promUrl), WINDOW);
    expect(r.error).toBeUndefined();
    const http = r.edges.filter((e) => e.destService === 'reviews');
    expect(http).toHaveLength(1);
    const e = http[0];
    expect(e?.reporter).toBe('waypoint');
    expect(e?.sourceWorkload).toBe('productpage-v1');
    expect(e?.requestRate).toBeGreaterThan(12 * 0.85);
    expect(e?.requestRate).toBeLessThan(12 * 1.15);
    expect(e?.errorRate).toBeCloseTo(2 / 12, 1);
  });

  it('derives TCP byte rates from ztunnel metrics', async () => {
    const r = await fetchTelemetry(new PrometheusTelemetry(promUrl), WINDOW);
    const tcp = r.edges.find((e) => e.destService === 'ratings');
    expect(tcp?.tcpBytesRate).toBeGreaterThan(4000 * 0.85);
    expect(tcp?.tcpBytesRate).toBeLessThan(4000 * 1.15);
    expect(tcp?.requestRate).toBe(0);
  });

  it('puts the observed rates on the topology graph edges', async () => {
    const r = await fetchTelemetry(new PrometheusTelemetry(promUrl), WINDOW);
    const demo = createDemoCluster({ tickMs: 0 });
    await demo.start();
    const resources = demo.snapshot().resources;
    const graph = buildGraph(resources, summarizeCluster(resources), {
      namespaces: ['bookinfo'],
      telemetry: r.edges,
    });
    const observed = graph.edges.filter((e) => e.origin === 'telemetry');
    const http = observed.find((e) => e.source === 'wl:Deployment/bookinfo/productpage-v1' && e.requestRate);
    expect(http?.target).toMatch(/reviews/);
    expect(http?.requestRate).toBeGreaterThan(12 * 0.85);
    expect(http?.errorRate).toBeCloseTo(2 / 12, 1);
    const tcp = observed.find((e) => e.source === 'wl:Deployment/bookinfo/reviews-v1' && e.tcpBytesRate);
    expect(tcp?.target).toMatch(/ratings/);
    const onlyConfig = buildGraph(resources, summarizeCluster(resources), {
      namespaces: ['bookinfo'],
      telemetry: r.edges,
      edgeSources: ['config'],
    });
    expect(onlyConfig.edges.some((e) => e.origin === 'telemetry')).toBe(false);
  });

  it('answers the per-Service traffic helper (success rate by the closest reporter)', async () => {
    const [reviews] = (
      await serviceTraffic(new PrometheusTelemetry(promUrl), 'bookinfo', { window: WINDOW })
    ).filter((t) => t.service === 'reviews');
    expect(reviews?.reporter).toBe('waypoint');
    expect(reviews?.requestRate).toBeGreaterThan(12 * 0.85);
    expect(reviews?.successRate).toBeCloseTo(10 / 12, 1);
    const past = await serviceTraffic(new PrometheusTelemetry(promUrl), 'bookinfo', {
      window: WINDOW,
      at: new Date(Date.now() - 3_600_000),
    });
    expect(past).toEqual([]);
  });

  it('reports a Prometheus that cannot be reached instead of failing', async () => {
    const r = await fetchTelemetry(new PrometheusTelemetry('http://127.0.0.1:9'));
    expect(r.edges).toEqual([]);
    expect(r.error).toMatch(/cannot reach Prometheus/);
  });
});

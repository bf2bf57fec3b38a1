import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { main } from '@/cli/main';
import { memoryIO } from '@/cli/testing';
import type { KubeObject } from '@/lib/k8s/objects';
import { resourcesOf } from '@/lib/migrate/test-fixtures';
import { costModel, projectedSaving } from '@/lib/platform/cost-model';
import { ambientPod, namespaceObj, pod, ztunnelDaemonSet } from '@/lib/platform/testing';
import { fetchUsageHistory } from '@/lib/platform/usage-history';
import { measuredHistory, proxyUsage } from '@/lib/server/platform';
import { PrometheusTelemetry } from '@/lib/server/prometheus';
import type { SeriesSpec } from './istio-exporter';
import { startScrapedSeries } from './prometheus';

const MI = 2 ** 20;
const cadvisor = (namespace: string, podName: string) => ({
  namespace,
  pod: podName,
  container: 'istio-proxy',
});
const cpu = (namespace: string, podName: string, perSecond: number): SeriesSpec => ({
  name: 'container_cpu_usage_seconds_total',
  labels: cadvisor(namespace, podName),
  perSecond,
});
const memory = (namespace: string, podName: string, mib: number): SeriesSpec => ({
  name: 'container_memory_working_set_bytes',
  labels: cadvisor(namespace, podName),
  perSecond: 0,
  gauge: mib * MI,
});

// cAdvisor-shaped series: two sidecars, a ztunnel, a waypoint and an ingress gateway (not a
// sidecar, not ambient). CPU seconds grow linearly, memory is flat.
const SERIES: SeriesSpec[] = [
  cpu('shop', 'web-1', 0.03),
  cpu('shop', 'web-2', 0.01),
  cpu('istio-system', 'ztunnel-a', 0.05),
  cpu('orders', 'waypoint-5d8f7c9b4-x2x7q', 0.02),
  cpu('istio-system', 'istio-ingressgateway-1', 0.5),
  // Another container of the same pod must not count.
  { ...cpu('shop', 'web-1', 1), labels: { ...cadvisor('shop', 'web-1'), container: 'app' } },
  memory('shop', 'web-1', 48),
  memory('shop', 'web-2', 32),
  memory('istio-system', 'ztunnel-a', 20),
  memory('orders', 'waypoint-5d8f7c9b4-x2x7q', 30),
  memory('istio-system', 'istio-ingressgateway-1', 100),
];

const WINDOW = '10s';
const within = (v: number | undefined, want: number) => {
  expect(v).toBeGreaterThan(want * 0.85);
  expect(v).toBeLessThan(want * 1.15);
};

const ztunnelPod = () => pod('istio-system', 'ztunnel-a', { labels: { app: 'ztunnel' } });
const waypointPod = () =>
  pod('orders', 'waypoint-5d8f7c9b4-x2x7q', {
    labels: {
      'gateway.istio.io/managed': 'istio.io-mesh-controller',
      'gateway.networking.k8s.io/gateway-name': 'waypoint',
    },
  });
const gatewayPod = () =>
  pod('istio-system', 'istio-ingressgateway-1', {
    labels: { istio: 'ingressgateway' },
    annotations: { 'inject.istio.io/templates': 'gateway' },
  });
const sidecarPod = (name: string) =>
  pod('shop', name, { sidecar: { requests: { cpu: '100m', memory: '128Mi' } } });
const cluster = (): KubeObject[] => [
  namespaceObj('shop', { 'istio-injection': 'enabled' }),
  namespaceObj('orders', { 'istio.io/dataplane-mode': 'ambient' }),
  sidecarPod('web-1'),
  sidecarPod('web-2'),
  ambientPod('orders', 'api-1'),
  ztunnelPod(),
  waypointPod(),
  gatewayPod(),
  ztunnelDaemonSet(1),
];

describe('measured sidecar and ztunnel usage from a real Prometheus', () => {
  let stop = async () => {};
  let prom: PrometheusTelemetry;

  beforeAll(async () => {
    // Ready once a rate is there; then fill the rate window so the estimate is the true slope
    // (the usage cache is 15 s).
    const scraped = await startScrapedSeries(
      SERIES,
      async (url) =>
        ((await proxyUsage(new PrometheusTelemetry(url), WINDOW)).usage?.get('shop/web-1')?.cpuMillicores ??
          0) > 0,
      16_000,
    );
    stop = scraped.stop;
    prom = new PrometheusTelemetry(scraped.url);
  }, 90_000);

  afterAll(() => stop());

  it('reads CPU and working-set memory of istio-proxy containers per pod', async () => {
    const { usage, status } = await proxyUsage(prom, WINDOW);
    expect(status).toMatchObject({ source: 'prometheus', url: prom.url, window: WINDOW });
    expect(status.error).toBeUndefined();
    within(usage?.get('shop/web-1')?.cpuMillicores, 30);
    expect(usage?.get('shop/web-1')?.memoryBytes).toBe(48 * MI);
  });

  it('puts measured usage beside the requests in the cost model', async () => {
    const { usage } = await proxyUsage(prom, WINDOW);
    const model = costModel(resourcesOf(...cluster()), usage ? { usage } : {});
    const shop = model.namespaces.find((n) => n.namespace === 'shop');
    expect(shop?.sidecar.cpuRequestMillicores).toBe(200);
    within(shop?.sidecar.cpuUsageMillicores, 40);
    expect(shop?.sidecar.memoryUsageBytes).toBe(80 * MI);
    expect(model.ztunnel.total.memoryUsageBytes).toBe(20 * MI);
    expect(model.measured).toBe(true);
    expect(projectedSaving(model, 'shop')?.memoryUsageBytes).toBe(80 * MI);
  });

  it('reports a Prometheus that cannot be reached instead of failing', async () => {
    const r = await proxyUsage(new PrometheusTelemetry('http://127.0.0.1:9'), WINDOW);
    expect(r.usage).toBeUndefined();
    expect(r.status.error).toMatch(/cannot reach Prometheus/);
  });

  it('answers range queries with one series per label set', async () => {
    const end = new Date();
    const series = await prom.queryRange('container_memory_working_set_bytes{pod="web-2"}', {
      start: new Date(end.getTime() - 6_000),
      end,
      stepSeconds: 2,
    });
    expect(series).toHaveLength(1);
    expect(series[0]?.metric).toMatchObject({ namespace: 'shop', pod: 'web-2', container: 'istio-proxy' });
    expect(series[0]?.values.length).toBeGreaterThanOrEqual(3);
    expect(series[0]?.values.every(([, v]) => Number(v) === 32 * MI)).toBe(true);
  });

  it('splits the history into sidecars and ambient proxies, leaving the ingress gateway out', async () => {
    const end = new Date();
    const points = await fetchUsageHistory(
      prom,
      resourcesOf(...cluster()),
      { start: new Date(end.getTime() - 8_000), end, stepSeconds: 2 },
      WINDOW,
    );
    expect(points.length).toBeGreaterThanOrEqual(4);
    const last = points[points.length - 1];
    within(last?.sidecarCpuMillicores, 40);
    within(last?.ambientCpuMillicores, 70);
    expect(last?.sidecarMemoryBytes).toBe(80 * MI);
    expect(last?.ambientMemoryBytes).toBe(50 * MI);
  });

  it('charts measured usage over the migration span from the records', async () => {
    const now = new Date();
    const resources = resourcesOf(...cluster());
    const h = await measuredHistory(
      prom,
      resources,
      [{ namespace: 'orders', when: new Date(now.getTime() - 5_000).toISOString() }],
      now,
      WINDOW,
    );
    expect(h).toMatchObject({ source: 'prometheus', window: WINDOW, stepSeconds: 15 });
    expect(h?.error).toBeUndefined();
    // Before Prometheus started there is nothing; the points it has show both sides.
    const last = h?.points[h.points.length - 1];
    expect(Date.parse(last?.when ?? '')).toBeGreaterThan(now.getTime() - 20_000);
    expect(last?.sidecarMemoryBytes).toBe(80 * MI);
    expect(last?.ambientMemoryBytes).toBe(50 * MI);
    expect(await measuredHistory(prom, resources, [], now, WINDOW)).toBeUndefined();
  });

  it('`status -o json` carries measured usage per namespace and in total', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-usage-'));
    const dump = path.join(dir, 'cluster.yaml');
    await writeFile(dump, stringify({ apiVersion: 'v1', kind: 'List', items: cluster() }));
    vi.stubEnv('MESH_MIGRATOR_PROMETHEUS_URL', prom.url);
    vi.stubEnv('MESH_MIGRATOR_PROMETHEUS_WINDOW', WINDOW);
    try {
      const m = memoryIO();
      expect(await main(['status', '--from-files', dump, '-o', 'json'], m.io)).toBe(0);
      const report = JSON.parse(m.out());
      const shop = report.namespaces.find((n: { name: string }) => n.name === 'shop');
      expect(shop.resources.sidecar).toMatchObject({
        cpuRequestMillicores: 200,
        memoryRequestBytes: 256 * MI,
      });
      within(shop.resources.sidecar.cpuUsageMillicores, 40);
      expect(shop.resources.sidecar.memoryUsageBytes).toBe(80 * MI);
      within(report.resources.sidecar.cpuUsageMillicores, 40);
      expect(report.resources.sidecar.memoryUsageBytes).toBe(80 * MI);
      expect(report.resources.usage).toEqual({ source: 'prometheus', url: prom.url, window: WINDOW });
      // Without Prometheus the report holds requests only.
      vi.stubEnv('MESH_MIGRATOR_PROMETHEUS_URL', '');
      const plain = memoryIO();
      expect(await main(['status', '--from-files', dump, '-o', 'json'], plain.io)).toBe(0);
      const without = JSON.parse(plain.out());
      expect(without.resources.sidecar.cpuUsageMillicores).toBeUndefined();
      expect(without.resources.usage).toEqual({ source: 'none' });
    } finally {
      vi.unstubAllEnvs();
    }
  }, 60_000);
});

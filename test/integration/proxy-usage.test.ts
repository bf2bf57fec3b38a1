import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf } from '@/lib/migrate/test-fixtures';
import { costModel, projectedSaving } from '@/lib/platform/cost-model';
import { ambientPod, namespaceObj, pod, ztunnelDaemonSet } from '@/lib/platform/testing';
import { proxyUsage } from '@/lib/server/platform';
import { type SeriesSpec, startExporter } from './istio-exporter';
import { startPrometheus } from './prometheus';

const MI = 2 ** 20;
const cadvisor = (namespace: string, podName: string) => ({
  namespace,
  pod: podName,
  container: 'istio-proxy',
});

// cAdvisor-shaped series for two sidecars and one ztunnel: CPU seconds grow linearly, memory is flat.
const SERIES: SeriesSpec[] = [
  { name: 'container_cpu_usage_seconds_total', labels: cadvisor('shop', 'web-1'), perSecond: 0.03 },
  { name: 'container_cpu_usage_seconds_total', labels: cadvisor('shop', 'web-2'), perSecond: 0.01 },
  {
    name: 'container_cpu_usage_seconds_total',
    labels: cadvisor('istio-system', 'ztunnel-a'),
    perSecond: 0.05,
  },
  // Another container of the same pod must not count.
  {
    name: 'container_cpu_usage_seconds_total',
    labels: { ...cadvisor('shop', 'web-1'), container: 'app' },
    perSecond: 1,
  },
  {
    name: 'container_memory_working_set_bytes',
    labels: cadvisor('shop', 'web-1'),
    perSecond: 0,
    gauge: 48 * MI,
  },
  {
    name: 'container_memory_working_set_bytes',
    labels: cadvisor('shop', 'web-2'),
    perSecond: 0,
    gauge: 32 * MI,
  },
  {
    name: 'container_memory_working_set_bytes',
    labels: cadvisor('istio-system', 'ztunnel-a'),
    perSecond: 0,
    gauge: 20 * MI,
  },
];

const WINDOW = '10s';

const ztunnelPod = () => {
  const p = pod('istio-system', 'ztunnel-a', { labels: { app: 'ztunnel' } });
  return p;
};

describe('measured sidecar and ztunnel usage from a real Prometheus', () => {
  let stop: (() => Promise<void>)[] = [];
  let promUrl = '';

  beforeAll(async () => {
    const exporter = await startExporter(SERIES);
    stop.push(exporter.stop);
    const prom = await startPrometheus([exporter.url]);
    stop.unshift(prom.stop);
    promUrl = prom.url;
    const deadline = Date.now() + 45_000;
    for (;;) {
      const r = await proxyUsage(promUrl, WINDOW);
      if ((r.usage?.get('shop/web-1')?.cpuMillicores ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error(`no usage from Prometheus: ${JSON.stringify(r.status)}`);
      await new Promise((res) => setTimeout(res, 1000));
    }
    // Fill the rate window so the estimate is the true slope (the usage cache is 15 s).
    await new Promise((res) => setTimeout(res, 16_000));
  }, 90_000);

  afterAll(async () => {
    for (const s of stop) await s();
    stop = [];
  });

  it('reads CPU and working-set memory of istio-proxy containers per pod', async () => {
    const { usage, status } = await proxyUsage(promUrl, WINDOW);
    expect(status).toMatchObject({ source: 'prometheus', window: WINDOW });
    expect(status.error).toBeUndefined();
    const web1 = usage?.get('shop/web-1');
    expect(web1?.cpuMillicores).toBeGreaterThan(30 * 0.85);
    expect(web1?.cpuMillicores).toBeLessThan(30 * 1.15);
    expect(web1?.memoryBytes).toBe(48 * MI);
  });

  it('puts measured usage beside the requests in the cost model', async () => {
    const { usage } = await proxyUsage(promUrl, WINDOW);
    const resources = resourcesOf(
      namespaceObj('shop', { 'istio-injection': 'enabled' }),
      pod('shop', 'web-1', { sidecar: { requests: { cpu: '100m', memory: '128Mi' } } }),
      pod('shop', 'web-2', { sidecar: { requests: { cpu: '100m', memory: '128Mi' } } }),
      ambientPod('orders', 'api-1'),
      ztunnelPod(),
      ztunnelDaemonSet(1),
    );
    const model = costModel(resources, { usage });
    const shop = model.namespaces.find((n) => n.namespace === 'shop');
    expect(shop?.sidecar.cpuRequestMillicores).toBe(200);
    expect(shop?.sidecar.cpuUsageMillicores).toBeGreaterThan(40 * 0.85);
    expect(shop?.sidecar.cpuUsageMillicores).toBeLessThan(40 * 1.15);
    expect(shop?.sidecar.memoryUsageBytes).toBe(80 * MI);
    expect(model.ztunnel.total.memoryUsageBytes).toBe(20 * MI);
    expect(model.measured).toBe(true);
    expect(projectedSaving(model, 'shop')?.memoryUsageBytes).toBe(80 * MI);
  });

  it('reports a Prometheus that cannot be reached instead of failing', async () => {
    const r = await proxyUsage('http://127.0.0.1:9', WINDOW);
    expect(r.usage).toBeUndefined();
    expect(r.status.error).toMatch(/cannot reach Prometheus/);
  });
});

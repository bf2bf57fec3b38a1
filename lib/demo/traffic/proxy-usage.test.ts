import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/objects';
import { measureProxyUsage } from '../../platform/usage';
import { fetchUsageHistory } from '../../platform/usage-history';
import { DEPLOY, deployment, NS, namespace } from '../fixtures';
import { createDemoCluster } from '../index';

const ztunnel: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'ztunnel', namespace: 'istio-system', labels: { app: 'ztunnel' } },
  spec: {
    selector: { matchLabels: { app: 'ztunnel' } },
    template: {
      metadata: { labels: { app: 'ztunnel' } },
      spec: {
        containers: [
          {
            name: 'istio-proxy',
            image: 'istio/ztunnel',
            resources: { requests: { cpu: '200m', memory: '512Mi' } },
          },
        ],
      },
    },
  },
};

async function demo() {
  let now = Date.parse('2026-01-01T12:00:00Z');
  const c = createDemoCluster({
    objects: [
      namespace('istio-system'),
      ztunnel,
      namespace('app', { 'istio-injection': 'enabled' }),
      deployment('app', 'web', 3),
    ],
    tickMs: 0,
    nodes: 2,
    clock: () => now,
  });
  await c.start();
  while (c.tick()) {}
  return { c, advance: (s: number) => (now += s * 1000), at: () => new Date(now) };
}

describe("the demo's container metrics for Istio proxies", () => {
  it('reports each sidecar using a share of what it requests', async () => {
    const { c } = await demo();
    const usage = await measureProxyUsage(c.telemetry(), '1m');
    const sidecars = [...usage].filter(([k]) => k.startsWith('app/'));
    expect(sidecars).toHaveLength(3);
    for (const [, u] of sidecars) {
      // The injected sidecar requests Istio's default 100m / 128Mi.
      expect(u.cpuMillicores).toBeGreaterThanOrEqual(8);
      expect(u.cpuMillicores).toBeLessThanOrEqual(20);
      expect(u.memoryBytes).toBeGreaterThan(0.3 * 128 * 2 ** 20);
      expect(u.memoryBytes).toBeLessThan(0.65 * 128 * 2 ** 20);
    }
    // Two nodes, two ztunnels.
    expect([...usage.keys()].filter((k) => k.startsWith('istio-system/ztunnel-'))).toHaveLength(2);
  });

  it('keeps a history: sidecar usage ends when the namespace moves, ztunnel goes on', async () => {
    const { c, advance, at } = await demo();
    const tel = c.telemetry();
    const before = at();
    advance(600);
    await c.mergePatch(NS, undefined, 'app', {
      metadata: { labels: { 'istio-injection': null, 'istio.io/dataplane-mode': 'ambient' } },
    });
    await c.mergePatch(DEPLOY, 'app', 'web', {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } } },
    });
    while (c.tick()) {}
    advance(600);
    const points = await fetchUsageHistory(
      tel,
      c.snapshot().resources,
      { start: before, end: at(), stepSeconds: 300 },
      '1m',
    );
    expect(points.map((p) => p.when)).toEqual(
      [0, 300, 600, 900, 1200].map((s) => new Date(before.getTime() + s * 1000).toISOString()),
    );
    const first = points[0];
    const last = points[points.length - 1];
    expect(first?.sidecarCpuMillicores).toBeGreaterThan(24);
    expect(last?.sidecarCpuMillicores).toBe(0);
    expect(last?.sidecarMemoryBytes).toBe(0);
    expect(last?.ambientCpuMillicores).toBeGreaterThan(2 * 0.08 * 200);
    expect(last?.ambientMemoryBytes).toBeCloseTo(first?.ambientMemoryBytes ?? -1, 0);
    // The range answer is the instant answers at each step.
    const [series] = await tel.queryRange(
      'sum(container_memory_working_set_bytes{namespace="istio-system"})',
      {
        start: before,
        end: at(),
        stepSeconds: 600,
      },
    );
    expect(series?.values.map(([t]) => t)).toEqual([0, 600, 1200].map((s) => before.getTime() / 1000 + s));
  });
});

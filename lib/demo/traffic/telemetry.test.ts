import { describe, expect, it } from 'vitest';
import { kindByKey } from '../../k8s/kinds';
import type { KubeObject } from '../../k8s/objects';
import { serviceTraffic, serviceTrafficChange } from '../../telemetry/service-traffic';
import { DEPLOY, deployment, NS, namespace, waypointClass } from '../fixtures';
import { createDemoCluster } from '../index';
import { TRAFFIC_LABEL } from './calls';

const SVC = kindByKey('services');
const AP = kindByKey('authorizationpolicies');

const service = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] },
});

const traffic = (ns: string, calls: string, faults?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'demo-traffic', namespace: ns, labels: { [TRAFFIC_LABEL]: 'calls' } },
  data: { 'calls.yaml': calls, ...(faults ? { 'faults.yaml': faults } : {}) },
});

const waypoint: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'waypoint', namespace: 'app' },
  spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
};

async function demo(faults?: string) {
  let now = Date.parse('2026-01-01T12:00:00Z');
  const c = createDemoCluster({
    objects: [
      namespace('app', { 'istio-injection': 'enabled' }),
      deployment('app', 'web'),
      deployment('app', 'api', 3),
      service('app', 'api'),
      waypointClass,
      traffic('app', '- { from: web, to: api, rps: 10, errors: 0.1, latency: { p50: 10, p99: 80 } }', faults),
    ],
    tickMs: 0,
    nodes: 3,
    clock: () => now,
  });
  await c.start();
  return { c, advance: (s: number) => (now += s * 1000), at: () => new Date(now) };
}

async function enrol(c: Awaited<ReturnType<typeof demo>>['c']) {
  await c.mergePatch(NS, undefined, 'app', {
    metadata: { labels: { 'istio-injection': null, 'istio.io/dataplane-mode': 'ambient' } },
  });
  for (const d of ['web', 'api'])
    await c.mergePatch(DEPLOY, 'app', d, {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } } },
    });
  while (c.tick()) {}
}

describe('demo telemetry', () => {
  it('answers from the start as a steady mesh: sidecar reporters, the declared rates', async () => {
    const { c } = await demo();
    const [api] = await serviceTraffic(c.telemetry(), 'app', { window: '5m' });
    expect(api).toMatchObject({ service: 'api', reporter: 'destination', tcpConnectionRate: 0 });
    expect(api?.requestRate).toBeCloseTo(10, 6);
    expect(api?.successRate).toBeCloseTo(0.9, 6);
    expect(api?.p50Ms).toBeGreaterThan(5);
    expect(api?.p99Ms).toBeGreaterThan(api?.p50Ms ?? 0);
  });

  it('after enrolment, sidecar series stop and ztunnel reports; with a waypoint, the waypoint reports', async () => {
    const { c, advance, at } = await demo();
    const tel = c.telemetry();
    const sidecar = at();
    advance(60);
    await enrol(c);
    advance(600);
    const [l4] = await serviceTraffic(tel, 'app', { window: '1m' });
    expect(l4?.requestRate ?? 0).toBe(0);
    expect(l4?.tcpConnectionRate).toBeGreaterThan(0);
    const ztunnel = await tel.query('sum by (reporter, app)(rate(istio_tcp_sent_bytes_total[1m]))');
    expect(ztunnel.map((s) => s.metric)).toEqual(
      expect.arrayContaining([
        { reporter: 'source', app: 'ztunnel' },
        { reporter: 'destination', app: 'ztunnel' },
      ]),
    );
    // Sidecar-reported series are gone once they went stale.
    expect(await tel.query('istio_requests_total{reporter="destination"}')).toEqual([]);
    await c.apply(waypoint);
    await c.mergePatch(NS, undefined, 'app', {
      metadata: { labels: { 'istio.io/use-waypoint': 'waypoint' } },
    });
    while (c.tick()) {}
    advance(120);
    const { before, now } = await serviceTrafficChange(tel, 'app', { window: '1m', before: sidecar });
    expect(before[0]).toMatchObject({ reporter: 'destination' });
    expect(now[0]).toMatchObject({ reporter: 'waypoint' });
    expect(now[0]?.requestRate).toBeCloseTo(10, 6);
    expect(now[0]?.successRate).toBeCloseTo(0.9, 6);
    expect(await c.get(AP, 'app', 'deny-waypoint')).toBeUndefined();
  });

  it('a deny-waypoint fault appears once the namespace uses its waypoint, and fails every request', async () => {
    const { c, advance, at } = await demo('- kind: deny-waypoint\n');
    const tel = c.telemetry();
    await enrol(c);
    await c.apply(waypoint);
    advance(120);
    const beforeStep = at();
    expect(await c.get(AP, 'app', 'deny-waypoint')).toBeUndefined();
    await c.mergePatch(SVC, 'app', 'api', { metadata: { labels: { 'istio.io/use-waypoint': 'waypoint' } } });
    while (c.tick()) {}
    const policy = await c.get(AP, 'app', 'deny-waypoint');
    expect(policy?.spec).toEqual({
      action: 'DENY',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/app/sa/waypoint'] } }] }],
    });
    advance(120);
    const { now } = await serviceTrafficChange(tel, 'app', { window: '1m', before: beforeStep });
    expect(now[0]).toMatchObject({ reporter: 'waypoint', successRate: 0 });
    expect(now[0]?.p99Ms).toBeLessThan(5);
    // Rolling the step back takes the waypoint out of the path: traffic recovers, the fault stays put.
    await c.mergePatch(SVC, 'app', 'api', { metadata: { labels: { 'istio.io/use-waypoint': null } } });
    advance(120);
    const [after] = await serviceTraffic(tel, 'app', { window: '1m' });
    expect(after?.requestRate ?? 0).toBe(0);
    expect(after?.tcpConnectionRate).toBeGreaterThan(0);
    expect(after?.tcpFailureRate).toBe(0);
    expect(await c.get(AP, 'app', 'deny-waypoint')).toBeDefined();
  });

  it('reports call-graph entries that do not parse, and keeps the rest', async () => {
    const c = createDemoCluster({
      objects: [traffic('app', '- { from: web, to: api, rps: -1 }\n- { from: web, to: api, rps: 1 }')],
      tickMs: 0,
    });
    await c.start();
    expect(c.problems).toEqual([expect.stringMatching(/ConfigMap app\/demo-traffic calls\.yaml\[0\]: rps/)]);
    expect(c.telemetry().calls).toHaveLength(1);
  });
});

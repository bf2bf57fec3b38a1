import { describe, expect, it } from 'vitest';
import { resourcesOf } from '../migrate/test-fixtures';
import { costHistory } from './cost-history';
import { costModel, projectedSaving, sumFigures } from './cost-model';
import { ambientPod, namespaceObj, pod, waypoint, ztunnelDaemonSet } from './testing';

const MI = 2 ** 20;
const sidecar = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } };

function cluster() {
  return resourcesOf(
    namespaceObj('shop', { 'istio-injection': 'enabled' }),
    namespaceObj('orders', { 'istio.io/dataplane-mode': 'ambient' }),
    pod('shop', 'web-1', { sidecar }),
    pod('shop', 'web-2', { sidecar }),
    ambientPod('orders', 'api-1'),
    waypoint('orders'),
    ztunnelDaemonSet(3),
  );
}

describe('costModel', () => {
  it('sums the sidecars of a namespace', () => {
    const shop = costModel(cluster()).namespaces.find((n) => n.namespace === 'shop');
    expect(shop?.sidecarPods).toBe(2);
    expect(shop?.sidecar).toEqual({
      cpuRequestMillicores: 200,
      memoryRequestBytes: 256 * MI,
      cpuLimitMillicores: 4000,
      memoryLimitBytes: 2048 * MI,
    });
    expect(shop?.moved).toBe(false);
  });

  it('counts an existing waypoint at its default and a moved namespace as moved', () => {
    const orders = costModel(cluster()).namespaces.find((n) => n.namespace === 'orders');
    expect(orders?.moved).toBe(true);
    expect(orders?.waypoints.map((w) => [w.name, w.planned])).toEqual([['waypoint', false]]);
    expect(orders?.ambientProjected.cpuRequestMillicores).toBe(100);
    // Its pod's former sidecar, at Istio's default.
    expect(orders?.sidecarBefore.cpuRequestMillicores).toBe(100);
  });

  it('adds the waypoints the plan would deploy', () => {
    const m = costModel(cluster(), { plannedWaypoints: new Set(['shop']) });
    const shop = m.namespaces.find((n) => n.namespace === 'shop');
    expect(shop?.waypoints.map((w) => [w.name, w.planned])).toEqual([['waypoint', true]]);
    expect(projectedSaving(m, 'shop')).toEqual({ cpuRequestMillicores: 100, memoryRequestBytes: 128 * MI });
  });

  it('counts ztunnel once per node', () => {
    const m = costModel(cluster());
    expect(m.ztunnel).toMatchObject({ deployed: true, nodes: 3 });
    expect(m.ztunnel.total.cpuRequestMillicores).toBe(600);
  });

  it('gives the totals before the move, now and after all', () => {
    const m = costModel(cluster(), { plannedWaypoints: new Set(['shop']) });
    expect(m.scenarios.beforeMove.cpuRequestMillicores).toBe(300);
    expect(m.scenarios.now.cpuRequestMillicores).toBe(200 + 600 + 100);
    expect(m.scenarios.afterAll.cpuRequestMillicores).toBe(600 + 100 + 100);
  });

  it('attaches measured usage per pod', () => {
    const usage = new Map([
      ['shop/web-1', { cpuMillicores: 12, memoryBytes: 40 * MI }],
      ['shop/web-2', { cpuMillicores: 8, memoryBytes: 30 * MI }],
    ]);
    const m = costModel(cluster(), { usage });
    const shop = m.namespaces.find((n) => n.namespace === 'shop');
    expect(shop?.sidecar.cpuUsageMillicores).toBe(20);
    expect(shop?.sidecar.memoryUsageBytes).toBe(70 * MI);
    expect(m.measured).toBe(true);
    expect(projectedSaving(m, 'shop')?.cpuUsageMillicores).toBe(20);
  });

  it('is undefined for an unknown namespace', () => {
    expect(projectedSaving(costModel(cluster()), 'nope')).toBeUndefined();
  });
});

describe('sumFigures', () => {
  it('keeps a limit only when every part has one', () => {
    const s = sumFigures([
      { cpuRequestMillicores: 1, memoryRequestBytes: 1, cpuLimitMillicores: 5 },
      { cpuRequestMillicores: 2, memoryRequestBytes: 2 },
    ]);
    expect(s).toEqual({ cpuRequestMillicores: 3, memoryRequestBytes: 3 });
  });
});

describe('costHistory', () => {
  it('steps sidecar cost down and ambient cost up at each recorded move', () => {
    const m = costModel(
      resourcesOf(
        namespaceObj('a', { 'istio.io/dataplane-mode': 'ambient' }),
        namespaceObj('b', { 'istio-injection': 'enabled' }),
        ambientPod('a', 'p1'),
        pod('b', 'p2', { sidecar }),
        ztunnelDaemonSet(2),
      ),
    );
    const points = costHistory(m, [{ namespace: 'a', when: '2026-01-02T00:00:00Z' }], '2026-01-03T00:00:00Z');
    expect(points.map((p) => [p.event, p.sidecarCpuMillicores, p.ambientCpuMillicores])).toEqual([
      ['before the first move', 200, 0],
      ['a moved', 100, 400],
      ['now', 100, 400],
    ]);
  });

  it('is empty without any move', () => {
    expect(costHistory(costModel(cluster()), [], '2026-01-01T00:00:00Z')).toEqual([]);
  });
});

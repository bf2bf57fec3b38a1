import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { resourcesOf } from '../migrate/test-fixtures';
import type { PromSeries } from '../telemetry/source';
import { pod, waypoint, ztunnelDaemonSet } from './testing';
import { measuredPoints, nonSidecarProxies, usageHistoryQueries } from './usage-history';

const owned = (p: KubeObject, kind: string, name: string): KubeObject => ({
  ...p,
  metadata: {
    ...p.metadata,
    ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: name, controller: true }],
  },
});
const series = (metric: Record<string, string>, values: [number, number][]): PromSeries => ({
  metric,
  values: values.map(([t, v]) => [t, String(v)]),
});

describe('usage history', () => {
  const resources = resourcesOf(
    owned(pod('istio-system', 'ztunnel-x1x2x', { labels: { app: 'ztunnel' } }), 'DaemonSet', 'ztunnel'),
    owned(
      pod('orders', 'waypoint-5d8f7c9b4-q7w8e', {
        labels: {
          'gateway.istio.io/managed': 'istio.io-mesh-controller',
          'gateway.networking.k8s.io/gateway-name': 'waypoint',
        },
      }),
      'ReplicaSet',
      'waypoint-5d8f7c9b4',
    ),
    pod('istio-system', 'ingress-1', { annotations: { 'inject.istio.io/templates': 'gateway' } }),
    pod('shop', 'web-1', { sidecar: {} }),
    waypoint('billing', 'billing-wp'),
    ztunnelDaemonSet(2),
  );

  it('names the proxies that are not sidecars by their workload, gateways apart', () => {
    expect(nonSidecarProxies(resources)).toEqual([
      { namespace: 'billing', prefix: 'billing-wp-', role: 'ambient' },
      { namespace: 'istio-system', prefix: 'ingress-1', role: 'gateway' },
      { namespace: 'istio-system', prefix: 'ztunnel-', role: 'ambient' },
      { namespace: 'orders', prefix: 'waypoint-', role: 'ambient' },
    ]);
  });

  it('asks per namespace for all proxies and per pod only for the others', () => {
    const q = usageHistoryQueries('1m', [
      { namespace: 'a', prefix: 'ztunnel-', role: 'ambient' },
      { namespace: 'b', prefix: 'gw.v2-1', role: 'gateway' },
    ]);
    expect(q.all.cpu).toBe(
      'sum by (namespace) (rate(container_cpu_usage_seconds_total{container="istio-proxy"}[1m]))',
    );
    expect(q.others?.memory).toBe(
      'sum by (namespace, pod) (avg_over_time(container_memory_working_set_bytes{container="istio-proxy",pod=~"(?:ztunnel-|gw[.]v2-1).*"}[1m]))',
    );
    expect(usageHistoryQueries('1m', []).others).toBeUndefined();
  });

  it('takes ambient proxies and gateways out of the sidecar sum, per point in time', () => {
    const proxies = nonSidecarProxies(resources);
    const points = measuredPoints(
      {
        allCpu: [
          series({ namespace: 'shop' }, [
            [100, 0.2],
            [160, 0.05],
          ]),
          series({ namespace: 'istio-system' }, [
            [100, 0.6],
            [160, 0.6],
          ]),
          series({ namespace: 'orders' }, [[160, 0.03]]),
        ],
        allMemory: [series({ namespace: 'shop' }, [[100, 300]])],
        otherCpu: [
          series({ namespace: 'istio-system', pod: 'ztunnel-x1x2x' }, [
            [100, 0.1],
            [160, 0.1],
          ]),
          series({ namespace: 'istio-system', pod: 'ingress-1' }, [
            [100, 0.5],
            [160, 0.5],
          ]),
          series({ namespace: 'orders', pod: 'waypoint-5d8f7c9b4-zzzzz' }, [[160, 0.03]]),
          // A sidecar pod whose name happens to start like ztunnel's, in another namespace.
          series({ namespace: 'shop', pod: 'ztunnel-lookalike' }, [[100, 9]]),
        ],
        otherMemory: [],
      },
      proxies,
    );
    expect(points).toEqual([
      {
        when: new Date(100_000).toISOString(),
        sidecarCpuMillicores: 200,
        sidecarMemoryBytes: 300,
        ambientCpuMillicores: 100,
        ambientMemoryBytes: 0,
      },
      {
        when: new Date(160_000).toISOString(),
        sidecarCpuMillicores: expect.closeTo(50, 6),
        sidecarMemoryBytes: 0,
        ambientCpuMillicores: expect.closeTo(130, 6),
        ambientMemoryBytes: 0,
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyResourceSet, type ResourceSet } from '../cluster/snapshot';
import { nsObj, podObj, serviceObj, waypointObj } from '../mesh/fixtures';
import { summarizeCluster } from '../mesh/summary';
import { waveNamespaces, waveRelations } from './wave-inputs';

function cluster(): ResourceSet {
  const r = emptyResourceSet();
  r.namespaces.push(
    nsObj('payments', { 'istio-injection': 'enabled' }),
    // orders sends its Services through the waypoint of payments.
    nsObj('orders', {
      'istio-injection': 'enabled',
      'istio.io/use-waypoint': 'shared',
      'istio.io/use-waypoint-namespace': 'payments',
    }),
    nsObj('done', { 'istio.io/dataplane-mode': 'ambient' }),
    nsObj('kube-system'),
  );
  r.gateways.push(waypointObj('payments', 'shared', { programmed: true, allowedFrom: 'All' }));
  r.services.push(
    serviceObj('orders', 'api', { app: 'api' }),
    serviceObj('payments', 'charge', { app: 'charge' }),
  );
  r.pods.push(
    podObj('orders', 'api-1', { labels: { app: 'api' }, sidecar: true }),
    podObj('payments', 'charge-1', { labels: { app: 'charge' }, sidecar: true }),
    podObj('done', 'x-1', { labels: { app: 'x' }, captured: true }),
  );
  return r;
}

describe('wave inputs', () => {
  it('lists the namespaces of the mesh with their readiness and leaves system namespaces out', () => {
    const r = cluster();
    const ns = waveNamespaces(r, summarizeCluster(r), (n) =>
      n === 'orders' ? { cpuRequestMillicores: 300, memoryRequestBytes: 1 << 28 } : undefined,
    );
    expect(ns.map((n) => [n.name, n.done])).toEqual([
      ['done', true],
      ['orders', false],
      ['payments', false],
    ]);
    expect(ns.find((n) => n.name === 'orders')?.saving).toEqual({
      cpuRequestMillicores: 300,
      memoryRequestBytes: 1 << 28,
    });
    expect(ns.find((n) => n.name === 'payments')?.saving).toBeUndefined();
  });

  it('reads findings already checked (the background summary) and checks the others itself', () => {
    const r = cluster();
    const summary = summarizeCluster(r);
    const own = waveNamespaces(r, summary);
    const blocker = {
      id: 'x',
      severity: 'blocker' as const,
      resource: 'Namespace/orders',
      message: 'checked elsewhere',
      fix: 'none',
    };
    const ns = waveNamespaces(r, summary, undefined, (n) =>
      n === 'orders' ? { findings: [blocker], l7: ['from the summary'] } : undefined,
    );
    expect(ns.find((n) => n.name === 'orders')).toMatchObject({
      blockers: ['Namespace/orders: checked elsewhere'],
      l7: ['from the summary'],
    });
    expect(ns.find((n) => n.name === 'payments')).toEqual(own.find((n) => n.name === 'payments'));
  });

  it('bonds namespaces that share a waypoint and adds calls Prometheus saw', () => {
    const r = cluster();
    const rel = waveRelations(r, summarizeCluster(r), [
      {
        sourceWorkload: 'api',
        sourceNamespace: 'orders',
        destService: 'charge',
        destNamespace: 'payments',
        requestRate: 3,
        errorRate: 0,
        reporter: 'destination',
      },
      {
        sourceWorkload: 'idle',
        sourceNamespace: 'done',
        destService: 'charge',
        destNamespace: 'payments',
        requestRate: 0,
        errorRate: 0,
        reporter: 'destination',
      },
    ]);
    expect(rel.bonds).toEqual([
      { namespaces: ['orders', 'payments'], reason: 'shares waypoint payments/shared' },
    ]);
    expect(rel.edges).toEqual([{ from: 'orders', to: 'payments', origin: 'telemetry' }]);
  });
});

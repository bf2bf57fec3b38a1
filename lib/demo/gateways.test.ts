import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { cluster, namespace } from './fixtures';

const istioClass: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'istio' },
  spec: { controllerName: 'istio.io/gateway-controller' },
};
const gateway = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace: 'app', labels },
  spec: {
    gatewayClassName: 'istio',
    listeners: [
      { name: 'http', port: 80, protocol: 'HTTP' },
      { name: 'web.secure', port: 443, protocol: 'HTTPS' },
      { name: 'http-alt', port: 80, protocol: 'HTTP', hostname: 'alt.example.com' },
    ],
  },
});
// One address only: the second Gateway's Service stays pending.
const pool: KubeObject = {
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name: 'pool', namespace: 'metallb-system' },
  spec: { addresses: ['192.168.49.240/32'] },
};

describe("demo istiod: what an ingress Gateway gets (as istiod's deployment and status controllers do)", () => {
  it('labels, Service ports after the listeners and the proxy kept out of ambient', async () => {
    const c = await cluster([istioClass]);
    await c.apply(gateway('public', { team: 'web', 'gateway.networking.k8s.io/ignored': 'x' }));
    const s = c.snapshot().resources;
    const want = {
      team: 'web',
      'istio.io/dataplane-mode': 'none',
      'gateway.networking.k8s.io/gateway-name': 'public',
      'gateway.networking.k8s.io/gateway-class-name': 'istio',
      'gateway.istio.io/managed': 'istio.io-gateway-controller',
    };
    const named = (list: KubeObject[]) => list.find((o) => o.metadata.name === 'public-istio');
    expect(named(s.serviceaccounts)?.metadata.labels).toEqual(want);
    expect(named(s.deployments)?.metadata.labels).toEqual(want);
    expect(named(s.services)?.metadata.labels).toEqual(want);
    const tmpl = (named(s.deployments)?.spec as { template: { metadata: { labels: unknown } } } | undefined)
      ?.template;
    expect(tmpl?.metadata.labels).toEqual({
      ...want,
      'sidecar.istio.io/inject': 'false',
      'service.istio.io/canonical-name': 'public-istio',
      'service.istio.io/canonical-revision': 'latest',
    });
    expect((named(s.services)?.spec as { ports: unknown } | undefined)?.ports).toEqual([
      { name: 'status-port', port: 15021, protocol: 'TCP', appProtocol: 'tcp' },
      { name: 'http', port: 80, protocol: 'TCP', appProtocol: 'http' },
      { name: 'web-secure', port: 443, protocol: 'TCP', appProtocol: 'https' },
    ]);
  });

  it('a Gateway whose LoadBalancer Service has no address yet gets none, and is not Programmed', async () => {
    const c = await cluster([istioClass, namespace('metallb-system'), pool]);
    await c.apply(gateway('first'));
    await c.apply(gateway('second'));
    const gws = c.snapshot().resources.gateways;
    const statusOf = (name: string) =>
      gws.find((g) => g.metadata.name === name)?.status as
        | { addresses: unknown[]; conditions: { type: string }[] }
        | undefined;
    expect(statusOf('first')?.addresses).toEqual([{ type: 'IPAddress', value: '192.168.49.240' }]);
    expect(statusOf('first')?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Programmed', status: 'True', reason: 'Programmed' }),
    );
    const host = 'second-istio.app.svc.cluster.local';
    expect(statusOf('second')?.addresses).toEqual([]);
    expect(statusOf('second')?.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Programmed',
        status: 'False',
        reason: 'AddressNotAssigned',
        message: `Assigned to service(s) ${host}:443 and ${host}:80, but failed to assign to all requested addresses: address pending for hostname "${host}"`,
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { resourcesOf } from '../migrate/test-fixtures';
import { loadBalancers } from './load-balancers';
import { ingressPod, istioGateway } from './testing';

function pool(addresses: string[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'pool', namespace: 'metallb-system' },
    spec: { addresses, ...extra },
  };
}
const l2: KubeObject = {
  apiVersion: 'metallb.io/v1beta1',
  kind: 'L2Advertisement',
  metadata: { name: 'l2', namespace: 'metallb-system' },
  spec: { ipAddressPools: ['pool'] },
};
function lbService(ns: string, name: string, ip?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { type: 'LoadBalancer', ports: [{ port: 443 }] },
    ...(ip ? { status: { loadBalancer: { ingress: [{ ip }] } } } : {}),
  };
}

describe('loadBalancers', () => {
  it('gives a planned Gateway the next free address of an advertised pool', () => {
    const view = loadBalancers(
      resourcesOf(
        istioGateway('shop', 'gw', 'tls'),
        ingressPod(),
        pool(['10.0.0.10-10.0.0.12']),
        l2,
        lbService('istio-system', 'istio-ingressgateway', '10.0.0.10'),
      ),
    );
    expect(view.provider).toBe('metallb');
    expect(view.pools[0]).toMatchObject({
      total: 3,
      used: 1,
      free: 2,
      freeAfterPlan: 1,
      advertisements: ['L2/l2'],
    });
    expect(view.gateways[0]).toMatchObject({
      planned: true,
      state: 'will-be-assigned',
      nextAddress: '10.0.0.11',
      findings: [],
    });
  });

  it('blocks when the pool has no address left', () => {
    const view = loadBalancers(
      resourcesOf(
        istioGateway('shop', 'gw', 'tls'),
        pool(['10.0.0.10/32']),
        l2,
        lbService('istio-system', 'ingress', '10.0.0.10'),
      ),
    );
    expect(view.gateways[0]?.state).toBe('no-address');
    expect(view.gateways[0]?.findings.map((f) => [f.id, f.severity])).toEqual([
      ['lb-pool-exhausted:shop/gw', 'blocker'],
    ]);
  });

  it('counts addresses for several planned Gateways only once', () => {
    const view = loadBalancers(
      resourcesOf(istioGateway('a', 'gw', 'tls'), istioGateway('b', 'gw', 'tls'), pool(['10.0.0.10/32']), l2),
    );
    expect(view.gateways.map((g) => g.state)).toEqual(['will-be-assigned', 'no-address']);
  });

  it('warns when the pool is not advertised', () => {
    const view = loadBalancers(resourcesOf(istioGateway('shop', 'gw', 'tls'), pool(['10.0.0.10/30'])));
    expect(view.gateways[0]?.findings.map((f) => f.id)).toEqual(['lb-not-advertised:shop/gw']);
  });

  it('respects serviceAllocation namespaces and autoAssign', () => {
    const only = loadBalancers(
      resourcesOf(
        istioGateway('shop', 'gw', 'tls'),
        pool(['10.0.0.10/30'], { serviceAllocation: { namespaces: ['other'] } }),
        l2,
      ),
    );
    expect(only.gateways[0]?.state).toBe('no-address');
    const manual = loadBalancers(
      resourcesOf(istioGateway('shop', 'gw', 'tls'), pool(['10.0.0.10/30'], { autoAssign: false }), l2),
    );
    expect(manual.gateways[0]?.state).toBe('no-address');
  });

  it('warns that the address stays pending without any provider', () => {
    const view = loadBalancers(
      resourcesOf(istioGateway('shop', 'gw', 'tls'), lbService('istio-system', 'ingress')),
    );
    expect(view.provider).toBe('none');
    expect(view.gateways[0]?.findings.map((f) => [f.id, f.severity])).toEqual([
      ['lb-no-provider:shop/gw', 'warning'],
    ]);
  });

  it('trusts another provider that already assigned addresses', () => {
    const view = loadBalancers(
      resourcesOf(istioGateway('shop', 'gw', 'tls'), lbService('istio-system', 'ingress', '34.1.2.3')),
    );
    expect(view.provider).toBe('other');
    expect(view.gateways[0]).toMatchObject({ state: 'will-be-assigned', findings: [] });
  });

  it('reports the address of an existing Gateway and its pool', () => {
    const gw: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { gatewayClassName: 'istio', listeners: [] },
    };
    const svc = lbService('shop', 'web-istio', '10.0.0.11');
    svc.metadata.labels = { 'gateway.networking.k8s.io/gateway-name': 'web' };
    const view = loadBalancers(resourcesOf(gw, svc, pool(['10.0.0.10/30']), l2));
    expect(view.gateways[0]).toMatchObject({
      planned: false,
      state: 'assigned',
      address: '10.0.0.11',
      pool: 'metallb-system/pool',
    });
  });
});

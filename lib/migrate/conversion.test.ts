import { describe, expect, it } from 'vitest';
import { emptyResourceSet, type ResourceSet } from '../cluster/snapshot';
import { planGateway } from '../convert/gateway';
import type { KubeObject } from '../k8s/objects';
import { indexOf } from '../model/cluster-index';
import { convertForPlan, lookupFor } from './conversion';

const gateway: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { namespace: 'shop', name: 'web' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['shop.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'shop-cert' },
      },
    ],
  },
};

const ingressPod = (ns: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: ns, name: 'istio-ingressgateway-1', labels: { istio: 'ingressgateway' } },
});

const grantsFrom = (resources: ResourceSet) =>
  convertForPlan(resources, 'shop', undefined)
    .resources.filter((o) => o.kind === 'ReferenceGrant')
    .map((o) => o.metadata.namespace);

describe('convertForPlan across snapshots', () => {
  it('follows the pods an Istio Gateway selects when only pods changed', () => {
    const first: ResourceSet = {
      ...emptyResourceSet(),
      istiogateways: [gateway],
      pods: [ingressPod('istio-ingress')],
    };
    expect(grantsFrom(first)).toEqual(['istio-ingress']);
    // The ingress pods move to another namespace; the Istio objects are the same arrays.
    const next: ResourceSet = { ...first, pods: [ingressPod('edge')] };
    indexOf(first).derive(next, ['pods']);
    expect(grantsFrom(next)).toEqual(['edge']);
    expect(grantsFrom(first)).toEqual(['istio-ingress']);
  });

  it('keeps the Istio Gateway plan while pods it does not select change, and takes it anew when one it selects does', () => {
    const gatewayOf = (resources: ResourceSet) => planGateway('shop/web', lookupFor(resources, undefined));
    const app = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { namespace: 'shop', name, labels: { app: 'web' } },
    });
    const ingress = ingressPod('istio-ingress');
    const first: ResourceSet = {
      ...emptyResourceSet(),
      istiogateways: [gateway],
      pods: [ingress, app('web-1')],
    };
    const planned = gatewayOf(first);
    expect(planned).toBeDefined();
    const other: ResourceSet = { ...first, pods: [ingress, app('web-2')] };
    indexOf(first).derive(other, ['pods']);
    expect(gatewayOf(other)).toBe(planned);
    const moved: ResourceSet = { ...other, pods: [ingressPod('edge'), app('web-2')] };
    indexOf(other).derive(moved, ['pods']);
    expect(gatewayOf(moved)).not.toBe(planned);
    expect(grantsFrom(moved)).toEqual(['edge']);
  });
});

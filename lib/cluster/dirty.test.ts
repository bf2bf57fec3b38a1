import { describe, expect, it } from 'vitest';
import type { KindKey } from '../k8s/kinds';
import { dirtyScope } from './dirty';
import type { ChangeEvent } from './source';

const obj = (namespace: string | undefined, name = 'x') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(namespace ? { namespace } : {}) },
});
const ev = (kind: KindKey, namespace?: string, name?: string): ChangeEvent => ({
  type: 'MODIFIED',
  kind,
  object: obj(namespace, name),
  revision: 1,
});

describe('dirtyScope', () => {
  it.each([
    ['a pod marks its namespace', ev('pods', 'bookinfo'), ['bookinfo']],
    ['a Service marks its namespace and its referrers', ev('services', 'shop'), ['front', 'shop']],
    ['a Namespace marks itself', ev('namespaces', undefined, 'bookinfo'), ['bookinfo']],
    ['a change in the root namespace marks all', ev('pods', 'istio-system'), 'all'],
    ['a DestinationRule marks all', ev('destinationrules', 'shop'), 'all'],
    ['a Gateway marks all', ev('gateways', 'shop'), 'all'],
    ['a GatewayClass marks all', ev('gatewayclasses'), 'all'],
    ['an address pool marks all', ev('ipaddresspools', 'metallb-system'), 'all'],
    ['a Certificate marks all', ev('certificates', 'shop'), 'all'],
    [
      'a LoadBalancer Service marks all (it takes a pool address)',
      {
        ...ev('services', 'shop'),
        object: { ...obj('shop'), kind: 'Service', spec: { type: 'LoadBalancer' } },
      },
      'all',
    ],
    ['a relist marks all', { type: 'RESYNC', kind: 'pods', revision: 1 } satisfies ChangeEvent, 'all'],
  ] as const)('%s', (_name, event, expected) => {
    const scope = dirtyScope(event, (ns) => (ns === 'shop' ? ['front'] : []));
    expect(scope.all ? 'all' : scope.namespaces).toEqual(expected);
  });
});

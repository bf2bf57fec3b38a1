import { describe, expect, it } from 'vitest';
import { emptyResourceSet } from '../cluster/snapshot';
import { convertAll, convertNamespace } from './convert';
import { buildLookup } from './lookup';
import { destinationRule, istioGateway, service, virtualService } from './testing/builders';
import type { ConvertInput } from './types';

const backend = (host: string) => [{ destination: { host, port: { number: 8080 } } }];

function input(): ConvertInput {
  return {
    services: [
      service('pay', 'billing', [{ name: 'http', port: 8080 }]),
      service('web', 'shop'),
      service('web', 'blog'),
    ],
    istiogateways: [
      istioGateway('edge', 'edge', {
        servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
      }),
    ],
    destinationrules: [
      destinationRule('pay', 'billing', { host: 'pay', subsets: [{ name: 'v1', labels: { v: '1' } }] }),
    ],
    virtualservices: [
      virtualService('shop', 'shop', {
        hosts: ['shop.example.com'],
        gateways: ['edge/edge'],
        http: [{ route: backend('pay.billing.svc.cluster.local') }],
      }),
      virtualService('blog', 'blog', {
        hosts: ['blog.example.com'],
        gateways: ['edge/edge'],
        http: [{ route: backend('pay.billing.svc.cluster.local') }],
      }),
      virtualService('blog-v1', 'blog', {
        hosts: ['web'],
        http: [{ route: [{ destination: { host: 'pay.billing.svc.cluster.local', subset: 'v1' } }] }],
      }),
    ],
  };
}

const refs = (r: { resources: { kind: string; metadata: { namespace?: string; name: string } }[] }) =>
  r.resources.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);

describe('convertNamespace and convertAll', () => {
  it('converts the sources of one namespace, with the outputs they need elsewhere', () => {
    const r = convertNamespace(input(), 'blog');
    expect(refs(r)).toEqual([
      'Service/billing/pay-v1',
      'ReferenceGrant/billing/mesh-migrator-blog-backends',
      'HTTPRoute/blog/blog',
      'HTTPRoute/blog/blog-v1',
    ]);
    expect(r.sources.map((s) => s.source)).toEqual([
      'VirtualService/blog/blog',
      'VirtualService/blog/blog-v1',
    ]);
    const grant = r.resources[1]?.spec as { to: { name: string }[] };
    expect(grant.to.map((t) => t.name)).toEqual(['pay', 'pay-v1']);
  });

  it('also takes the namespace inside the options', () => {
    expect(refs(convertNamespace(input(), { namespace: 'blog', gatewayClassName: 'x' }))).toEqual(
      refs(convertNamespace(input(), 'blog')),
    );
  });

  it('converts everything, sorted by kind then namespace and name, grants merged', () => {
    const r = convertAll(input());
    expect(refs(r)).toEqual([
      'Service/billing/pay-v1',
      'ReferenceGrant/billing/mesh-migrator-blog-backends',
      'ReferenceGrant/billing/mesh-migrator-shop-backends',
      'Gateway/edge/edge',
      'HTTPRoute/blog/blog',
      'HTTPRoute/blog/blog-v1',
      'HTTPRoute/shop/shop',
    ]);
    const gw = r.resources.find((o) => o.kind === 'Gateway')?.spec as {
      listeners: { allowedRoutes: unknown }[];
    };
    expect(gw.listeners[0]?.allowedRoutes).toEqual({
      namespaces: {
        from: 'Selector',
        selector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['blog', 'shop'] },
          ],
        },
      },
    });
    expect(r.sources.find((s) => s.source === 'Gateway/edge/edge')?.outputs).toEqual(['Gateway/edge/edge']);
  });

  it('accepts a ResourceSet and all Istio API versions', () => {
    const set = emptyResourceSet();
    set.services.push(service('web', 'shop'));
    set.virtualservices.push(
      virtualService(
        'a',
        'shop',
        { hosts: ['web'], http: [{ route: backend('web') }] },
        'networking.istio.io/v1alpha3',
      ),
    );
    set.virtualservices.push(
      virtualService(
        'b',
        'shop',
        { hosts: ['web'], http: [{ route: backend('web') }] },
        'networking.istio.io/v1beta1',
      ),
    );
    expect(refs(convertAll(set))).toEqual(['HTTPRoute/shop/a', 'HTTPRoute/shop/b']);
  });

  it('split routes skip the names of other VirtualServices', () => {
    const vs = [
      virtualService('a', 'shop', {
        hosts: ['web'],
        http: Array.from({ length: 17 }, (_, i) => ({
          match: [{ uri: { exact: `/${i}` } }],
          route: backend('web'),
        })),
      }),
      virtualService('a-2', 'shop', { hosts: ['web'], http: [{ route: backend('web') }] }),
    ];
    const r = convertAll({ services: [service('web', 'shop')], virtualservices: vs });
    expect(refs(r)).toEqual(['HTTPRoute/shop/a', 'HTTPRoute/shop/a-2', 'HTTPRoute/shop/a-3']);
    expect(r.warnings.filter((w) => w.code === 'output-conflict')).toEqual([]);
  });

  it('gives one subset defined differently by two namespaces two Services, each route its own', () => {
    const r = convertAll({
      services: [service('pay', 'billing', [{ name: 'http', port: 8080 }])],
      destinationrules: [
        destinationRule('pay', 'a', {
          host: 'pay.billing.svc.cluster.local',
          subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        }),
        destinationRule('pay', 'b', {
          host: 'pay.billing.svc.cluster.local',
          subsets: [{ name: 'v1', labels: { track: 'stable' } }],
        }),
      ],
      virtualservices: ['a', 'b'].map((ns) =>
        virtualService('pay', ns, {
          hosts: ['pay.billing.svc.cluster.local'],
          http: [{ route: [{ destination: { host: 'pay.billing.svc.cluster.local', subset: 'v1' } }] }],
        }),
      ),
    });
    const services = r.resources.filter((o) => o.kind === 'Service');
    expect(services).toHaveLength(2);
    expect(r.warnings.filter((w) => w.code === 'output-conflict')).toEqual([]);
    for (const [ns, labels] of [
      ['a', { version: 'v1' }],
      ['b', { track: 'stable' }],
    ] as const) {
      const routeRef = r.resources.find((o) => o.kind === 'HTTPRoute' && o.metadata.namespace === ns)?.spec
        ?.rules as { backendRefs: { name: string }[] }[];
      const backend = services.find((s) => s.metadata.name === routeRef[0]?.backendRefs[0]?.name);
      expect(backend?.spec?.selector).toEqual({ app: 'pay', ...labels });
    }
  });

  it('reuses a lookup, and rebuilds it for other options', () => {
    const lookup = buildLookup(input());
    expect(buildLookup(lookup)).toBe(lookup);
    const gw = convertAll(lookup, { gatewayClassName: 'other' }).resources.find((o) => o.kind === 'Gateway');
    expect(gw?.spec?.gatewayClassName).toBe('other');
  });

  it('is deterministic whatever the input order', () => {
    const a = input();
    const b = {
      ...a,
      virtualservices: [...(a.virtualservices ?? [])].reverse(),
      services: [...(a.services ?? [])].reverse(),
    };
    expect(JSON.stringify(convertAll(a))).toBe(JSON.stringify(convertAll(b)));
  });
});

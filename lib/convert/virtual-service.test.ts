import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { destinationRule, istioGateway, service, serviceEntry, virtualService } from './testing/builders';
import type { ConvertInput, ConvertOptions } from './types';
import { convertVirtualService } from './virtual-service';

interface Rule {
  name?: string;
  matches?: unknown[];
  filters?: unknown[];
  backendRefs?: { name: string; port?: number; weight?: number }[];
  retry?: unknown;
}

const GW = { group: 'gateway.networking.k8s.io', kind: 'Gateway' };
const route = (host: string, extra: Record<string, unknown> = {}) => ({ destination: { host, ...extra } });

function convert(
  spec: Record<string, unknown>,
  input: ConvertInput = {},
  opts: ConvertOptions = {},
  ns = 'shop',
) {
  const vs = virtualService('vs', ns, spec);
  const r = convertVirtualService(
    vs,
    {
      services: [service('web', 'shop'), service('api', 'shop')],
      ...input,
      virtualservices: [vs, ...(input.virtualservices ?? [])],
    },
    opts,
  );
  const kinds = r.resources.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
  const codes = r.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`);
  const spec0 = (kind = 'HTTPRoute') =>
    (r.resources.find((o) => o.kind === kind)?.spec ?? {}) as Record<string, unknown>;
  const rules = (kind = 'HTTPRoute') => (spec0(kind).rules ?? []) as Rule[];
  return { r, kinds, codes, spec0, rules };
}

const gateway = istioGateway('gw', 'shop', {
  servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
});

describe('parents: gateways, mesh, both', () => {
  it('a bare gateway name is the Gateway of the same name in the VirtualService namespace', () => {
    const { spec0 } = convert(
      { hosts: ['shop.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] },
      { istiogateways: [gateway] },
    );
    expect(spec0().parentRefs).toEqual([{ ...GW, name: 'gw' }]);
    expect(spec0().hostnames).toEqual(['shop.example.com']);
  });

  it('ns/name refers to a Gateway in another namespace', () => {
    const edge = istioGateway('gw', 'edge', {
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    });
    const { spec0 } = convert(
      { hosts: ['shop.example.com'], gateways: ['edge/gw'], http: [{ route: [route('web')] }] },
      { istiogateways: [edge] },
    );
    expect(spec0().parentRefs).toEqual([{ ...GW, name: 'gw', namespace: 'edge' }]);
  });

  it('no gateways (or mesh) attach to the Service, GAMMA style, without hostnames', () => {
    const { spec0, codes } = convert({ hosts: ['web'], http: [{ route: [route('web')] }] });
    expect(spec0().parentRefs).toEqual([{ group: '', kind: 'Service', name: 'web' }]);
    expect(spec0().hostnames).toBeUndefined();
    expect(codes).toContain('info spec.hosts waypoint-needed');
  });

  it('gateway and mesh become two routes', () => {
    const { kinds, r } = convert(
      { hosts: ['web'], gateways: ['gw', 'mesh'], http: [{ route: [route('web')] }] },
      { istiogateways: [gateway] },
    );
    expect(kinds).toEqual(['HTTPRoute/shop/vs', 'HTTPRoute/shop/vs-2']);
    expect(r.resources[1]?.spec?.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'web' }]);
  });

  it('an unknown gateway is referred to by name, with a warning', () => {
    const { spec0, codes } = convert({
      hosts: ['a.example.com'],
      gateways: ['nope'],
      http: [{ route: [route('web')] }],
    });
    expect(spec0().parentRefs).toEqual([{ ...GW, name: 'nope' }]);
    expect(codes).toContain('warning spec.gateways gateway-not-found');
  });

  it('skips https-redirect listeners with sectionNames', () => {
    const gw = istioGateway('gw', 'shop', {
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } },
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['*'],
          tls: { mode: 'SIMPLE', credentialName: 'c' },
        },
      ],
    });
    const { spec0 } = convert(
      { hosts: ['a.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] },
      { istiogateways: [gw] },
    );
    expect(spec0().parentRefs).toEqual([{ ...GW, name: 'gw', sectionName: 'https' }]);
  });

  it('match.port limits the route to listeners (gateway) or the Service port (mesh)', () => {
    const gw = istioGateway('gw', 'shop', {
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
        { port: { number: 8080, name: 'alt', protocol: 'HTTP' }, hosts: ['*'] },
      ],
    });
    const { r } = convert(
      {
        hosts: ['web'],
        gateways: ['gw', 'mesh'],
        http: [{ match: [{ port: 8080 }], route: [route('web')] }],
      },
      { istiogateways: [gw] },
    );
    expect(r.resources.map((o) => (o.spec as Record<string, unknown>).parentRefs)).toEqual([
      [{ ...GW, name: 'gw', sectionName: 'alt' }],
      [{ group: '', kind: 'Service', name: 'web', port: 8080 }],
    ]);
  });

  it('match.gateways puts the match on the routes of those parents only', () => {
    const { r } = convert(
      {
        hosts: ['web'],
        gateways: ['gw', 'mesh'],
        http: [
          { match: [{ uri: { exact: '/internal' }, gateways: ['mesh'] }], route: [route('api')] },
          { route: [route('web')] },
        ],
      },
      { istiogateways: [gateway] },
    );
    const rules = r.resources.map((o) => ((o.spec as Record<string, unknown[]>).rules ?? []).length);
    expect(rules).toEqual([1, 2]);
  });

  it('a mesh host in another namespace is a consumer route', () => {
    const { spec0, codes } = convert(
      {
        hosts: ['pay.billing.svc.cluster.local'],
        http: [{ route: [route('pay.billing.svc.cluster.local')] }],
      },
      { services: [service('pay', 'billing')] },
    );
    expect(spec0().parentRefs).toEqual([{ group: '', kind: 'Service', name: 'pay', namespace: 'billing' }]);
    expect(codes).toContain('warning spec.hosts[0] consumer-route');
  });
});

describe('destinations', () => {
  it('resolves short and FQDN hosts; cross-namespace backends get a ReferenceGrant', () => {
    const { spec0, r } = convert(
      {
        hosts: ['web'],
        http: [{ route: [route('web', { port: { number: 9080 } }), route('pay.billing.svc.cluster.local')] }],
      },
      { services: [service('web', 'shop'), service('pay', 'billing', [{ name: 'http', port: 8080 }])] },
    );
    expect(spec0().rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { name: 'web', port: 9080 },
          { name: 'pay', namespace: 'billing', port: 8080 },
        ],
      },
    ]);
    const grant = r.resources.find((o) => o.kind === 'ReferenceGrant') as KubeObject;
    expect(grant.metadata).toMatchObject({ name: 'mesh-migrator-shop-backends', namespace: 'billing' });
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
      to: [{ group: '', kind: 'Service', name: 'pay' }],
    });
  });

  it('ServiceEntry hosts become Istio Hostname backends; unknown hosts are errors', () => {
    const se = serviceEntry('ext', 'shop', {
      hosts: ['api.example.com'],
      ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
    });
    const { rules, codes } = convert(
      {
        hosts: ['web'],
        http: [
          { route: [route('api.example.com')] },
          { route: [route('nowhere.example.org', { port: { number: 80 } })] },
        ],
      },
      { serviceentries: [se] },
    );
    const backends = rules().map((x) => x.backendRefs?.[0]);
    expect(backends).toEqual([
      { group: 'networking.istio.io', kind: 'Hostname', name: 'api.example.com', port: 443 },
      { group: 'networking.istio.io', kind: 'Hostname', name: 'nowhere.example.org', port: 80 },
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        'warning spec.http[0].route[0].destination.host hostname-backend',
        'error spec.http[1].route[0].destination.host host-not-found',
      ]),
    );
  });

  it('several ports and none named: the http port is chosen, with a warning', () => {
    const svc = service('multi', 'shop', [
      { name: 'metrics', port: 15090 },
      { name: 'http-web', port: 8080 },
    ]);
    const { rules, codes } = convert(
      { hosts: ['web'], http: [{ route: [route('multi')] }] },
      { services: [svc] },
    );
    expect(rules()[0]?.backendRefs?.[0]?.port).toBe(8080);
    expect(codes).toContain('warning spec.http[0].route[0].destination port-guessed');
  });

  it('weights are kept; an unweighted split is even', () => {
    const w = convert({
      hosts: ['web'],
      http: [
        {
          route: [
            { ...route('web'), weight: 90 },
            { ...route('api'), weight: 10 },
          ],
        },
      ],
    });
    expect(w.rules()[0]?.backendRefs?.map((b) => b.weight)).toEqual([90, 10]);
    const even = convert({ hosts: ['web'], http: [{ route: [route('web'), route('api')] }] });
    expect(even.rules()[0]?.backendRefs?.map((b) => b.weight)).toEqual([undefined, undefined]);
    expect(even.codes).toContain('info spec.http[0].route weights-even');
  });

  it('per-destination headers become backendRef filters', () => {
    const { rules } = convert({
      hosts: ['web'],
      http: [{ route: [{ ...route('web'), headers: { response: { set: { 'x-v': '1' } } } }] }],
    });
    expect(rules()[0]?.backendRefs?.[0]).toEqual({
      name: 'web',
      port: 9080,
      filters: [
        { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'x-v', value: '1' }] } },
      ],
    });
  });
});

describe('subsets', () => {
  const reviews = service('reviews', 'shop', [{ name: 'http', port: 9080, targetPort: 9080 }], {
    app: 'reviews',
  });
  const dr = destinationRule('reviews', 'shop', {
    host: 'reviews',
    subsets: [{ name: 'v2', labels: { version: 'v2' } }],
  });

  it('a subset becomes a Service <svc>-<subset> with the Service selector plus the subset labels', () => {
    const { r, kinds, rules } = convert(
      { hosts: ['reviews'], http: [{ route: [route('reviews', { subset: 'v2' })] }] },
      { services: [reviews], destinationrules: [dr] },
    );
    expect(kinds).toEqual(['HTTPRoute/shop/vs', 'Service/shop/reviews-v2']);
    const svc = r.resources[1] as KubeObject;
    expect(svc.spec).toEqual({
      selector: { app: 'reviews', version: 'v2' },
      ports: [{ name: 'http', port: 9080, targetPort: 9080 }],
    });
    expect(svc.metadata.annotations).toEqual({ 'mesh-migrator.io/source': 'DestinationRule/shop/reviews' });
    expect(rules()[0]?.backendRefs).toEqual([{ name: 'reviews-v2', port: 9080 }]);
  });

  it('an unknown subset is an error', () => {
    const { codes } = convert(
      { hosts: ['reviews'], http: [{ route: [route('reviews', { subset: 'v9' })] }] },
      { services: [reviews], destinationrules: [dr] },
    );
    expect(codes).toContain('error spec.http[0].route[0].destination.subset subset-not-found');
  });

  it('a subset of an unknown Service is an error', () => {
    const { codes, kinds } = convert(
      { hosts: ['web'], http: [{ route: [route('reviews', { subset: 'v2', port: { number: 80 } })] }] },
      { destinationrules: [dr] },
    );
    expect(codes).toContain('error spec.http[0].route[0].destination.subset subset-service-unknown');
    expect(kinds).toEqual(['HTTPRoute/shop/vs']);
  });

  it('reuses an existing Service with the same selector; avoids one with another', () => {
    const same = service('reviews-v2', 'shop', [{ name: 'http', port: 9080 }], {
      app: 'reviews',
      version: 'v2',
    });
    const reused = convert(
      { hosts: ['reviews'], http: [{ route: [route('reviews', { subset: 'v2' })] }] },
      { services: [reviews, same], destinationrules: [dr] },
    );
    expect(reused.kinds).toEqual(['HTTPRoute/shop/vs']);
    const other = service('reviews-v2', 'shop', [{ name: 'http', port: 9080 }], { app: 'other' });
    const renamed = convert(
      { hosts: ['reviews'], http: [{ route: [route('reviews', { subset: 'v2' })] }] },
      { services: [reviews, other], destinationrules: [dr] },
    );
    expect(renamed.kinds).toEqual(['HTTPRoute/shop/vs', 'Service/shop/reviews-v2-subset']);
  });
});

describe('rule actions and unsupported features', () => {
  it('a prefix rewrite with several matches is split into one rule per match', () => {
    const { rules } = convert({
      hosts: ['web'],
      http: [
        {
          match: [{ uri: { prefix: '/a/' } }, { uri: { prefix: '/b/' } }],
          rewrite: { uri: '/' },
          route: [route('web')],
        },
      ],
    });
    const out = rules();
    expect(out).toHaveLength(2);
    expect(out.every((x) => x.matches?.length === 1)).toBe(true);
  });

  it('redirect rules have no backends', () => {
    const { rules } = convert({ hosts: ['web'], http: [{ redirect: { uri: '/new' } }] });
    expect(rules()[0]?.backendRefs).toBeUndefined();
  });

  it.each([
    [
      'fault',
      { fault: { abort: { httpStatus: 503, percentage: { value: 1 } } }, route: [route('web')] },
      'error spec.http[0].fault fault',
      1,
    ],
    [
      'directResponse',
      { directResponse: { status: 404 } },
      'error spec.http[0].directResponse direct-response',
      1,
    ],
    ['delegate', { delegate: { name: 'child' } }, 'error spec.http[0].delegate delegate', 0],
  ])('%s', (_name, rule, code, kept) => {
    const { codes, rules } = convert({ hosts: ['web'], http: [rule, { route: [route('web')] }] });
    expect(codes).toContain(code);
    expect(rules().length).toBe(kept + 1);
  });

  it('rule names are kept, cleaned and unique within a route', () => {
    const { rules, codes } = convert({
      hosts: ['web'],
      http: [
        {
          name: 'Jason_Rule',
          match: [{ uri: { prefix: '/a/' } }, { uri: { prefix: '/b/' } }],
          rewrite: { uri: '/' },
          route: [route('web')],
        },
      ],
    });
    expect(rules().map((x) => x.name)).toEqual(['jason-rule', 'jason-rule-2']);
    expect(codes).toContain('info spec.http[0].name rule-name');
  });

  it('retries are carried on the experimental channel', () => {
    const { rules } = convert(
      { hosts: ['web'], http: [{ route: [route('web')], retries: { attempts: 2, retryOn: '503' } }] },
      {},
      { channel: 'experimental' },
    );
    expect(rules()[0]?.retry).toEqual({ attempts: 2, codes: [503] });
  });

  it('exportTo is reported', () => {
    expect(convert({ hosts: ['web'], exportTo: ['.'], http: [{ route: [route('web')] }] }).codes).toContain(
      'info spec.exportTo export-to',
    );
  });

  it('a VirtualService without hosts is not converted', () => {
    const { r, codes } = convert({ http: [{ route: [route('web')] }] });
    expect(r.resources).toEqual([]);
    expect(codes).toContain('error spec no-hosts');
  });
});

describe('precedence and splitting', () => {
  it('warns when a later, more specific match would now win', () => {
    const { codes } = convert({
      hosts: ['web'],
      http: [
        { match: [{ uri: { prefix: '/' } }], route: [route('web')] },
        { match: [{ uri: { prefix: '/api/' } }], route: [route('api')] },
      ],
    });
    expect(codes).toContain('warning spec.http[1].match[0] precedence');
  });

  it('no warning when the earlier rule is the more specific one', () => {
    const { codes } = convert({
      hosts: ['web'],
      http: [{ match: [{ uri: { prefix: '/api/' } }], route: [route('api')] }, { route: [route('web')] }],
    });
    expect(codes.filter((c) => c.endsWith('precedence'))).toEqual([]);
  });

  it('more than 16 rules: several routes, skipping the names of other VirtualServices', () => {
    const http = Array.from({ length: 20 }, (_, i) => ({
      match: [{ uri: { exact: `/p${i}` } }],
      route: [route('web')],
    }));
    const { kinds, r } = convert(
      { hosts: ['web'], http },
      { virtualservices: [virtualService('vs-2', 'shop', { hosts: ['x'] })] },
    );
    expect(kinds).toEqual(['HTTPRoute/shop/vs', 'HTTPRoute/shop/vs-3']);
    expect(r.ruleMap.find((m) => m.field === 'spec.http[17]')?.outputs).toEqual([
      { resource: 'HTTPRoute/shop/vs-3', rule: 'spec.rules[1]' },
    ]);
  });
});

describe('gRPC, TLS and TCP', () => {
  const echo = service('echo', 'shop', [{ name: 'grpc', port: 9000, appProtocol: 'grpc' }]);

  it('gRPC destinations become a GRPCRoute with method matches', () => {
    const { rules, kinds } = convert(
      {
        hosts: ['echo'],
        http: [
          {
            match: [{ uri: { exact: '/pkg.Echo/Say' } }, { uri: { prefix: '/pkg.Admin/' } }],
            route: [route('echo')],
          },
        ],
      },
      { services: [echo] },
    );
    expect(kinds).toEqual(['GRPCRoute/shop/vs']);
    expect(rules('GRPCRoute')[0]?.matches).toEqual([
      { method: { type: 'Exact', service: 'pkg.Echo', method: 'Say' } },
      { method: { type: 'Exact', service: 'pkg.Admin' } },
    ]);
  });

  it('falls back to HTTPRoute when a rule needs HTTP-only features', () => {
    const { kinds, codes } = convert(
      { hosts: ['echo'], http: [{ route: [route('echo')], timeout: '1s' }] },
      { services: [echo] },
    );
    expect(kinds).toEqual(['HTTPRoute/shop/vs']);
    expect(codes).toContain('info spec.http[0] grpc-as-http');
  });

  it('tls rules become TLSRoutes with the SNI hosts', () => {
    const gw = istioGateway('gw', 'shop', {
      servers: [
        {
          port: { number: 443, name: 'tls', protocol: 'TLS' },
          hosts: ['*.example.com'],
          tls: { mode: 'PASSTHROUGH' },
        },
      ],
    });
    const { spec0 } = convert(
      {
        hosts: ['a.example.com'],
        gateways: ['gw'],
        tls: [
          { match: [{ sniHosts: ['a.example.com'] }], route: [route('web', { port: { number: 8443 } })] },
        ],
      },
      { istiogateways: [gw] },
    );
    expect(spec0('TLSRoute')).toEqual({
      parentRefs: [{ ...GW, name: 'gw' }],
      hostnames: ['a.example.com'],
      rules: [{ backendRefs: [{ name: 'web', port: 8443 }] }],
    });
  });

  it('tcp rules become TCPRoutes; unsupported matches are reported', () => {
    const db = service('db', 'shop', [{ name: 'tcp', port: 5432 }]);
    const { spec0, codes } = convert(
      { hosts: ['db'], tcp: [{ match: [{ sourceSubnet: '10.0.0.0/8' }], route: [route('db')] }] },
      { services: [db] },
    );
    expect(spec0('TCPRoute')).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'db' }],
      rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }],
    });
    expect(codes).toContain('warning spec.tcp[0].match[0].sourceSubnet source-subnet');
  });
});

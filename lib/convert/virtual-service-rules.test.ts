import { describe, expect, it } from 'vitest';
import { istioGateway, service, virtualService } from './testing/builders';
import { convertVs as convert, GW, route } from './testing/convert-vs';

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
    [
      'delegate not in the input',
      { delegate: { name: 'child' } },
      'error spec.http[0].delegate delegate-not-found',
      0,
    ],
  ])('%s', (_name, rule, code, kept) => {
    const { codes, rules } = convert({ hosts: ['web'], http: [rule, { route: [route('web')] }] });
    expect(codes).toContain(code);
    expect(rules().length).toBe(kept + 1);
  });

  // istiod sends a sidecar's request to a destination without port at the port it came to.
  it.each([
    ['same port as the host', [{ name: 'http', port: 9080 }], [], 9080],
    [
      'its only port is another',
      [{ name: 'http-admin', port: 8081 }],
      ['warning spec.http[0].route[0].destination port-from-request'],
      8081,
    ],
  ])('a mesh destination without port, %s', (_name, ports, expected, port) => {
    const { codes, rules } = convert(
      { hosts: ['web'], http: [{ route: [route('db')] }] },
      { services: [service('web', 'shop'), service('db', 'shop', ports)] },
    );
    expect(codes.filter((c) => c.includes('port-from-request'))).toEqual(expected);
    expect(rules()[0]?.backendRefs?.[0]?.port).toBe(port);
  });

  it('a gateway destination without port goes to its only port, as Istio gateways do: no warning', () => {
    const { codes } = convert(
      { hosts: ['shop.example.com'], gateways: ['edge'], http: [{ route: [route('db')] }] },
      {
        services: [service('db', 'shop', [{ name: 'grpc', port: 9000 }])],
        istiogateways: [
          istioGateway('edge', 'shop', {
            selector: { istio: 'ingressgateway' },
            servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] }],
          }),
        ],
      },
    );
    expect(codes.some((c) => c.includes('port-from-request'))).toBe(false);
  });

  // Istio reads a short host relative to the VirtualService's namespace, on gateways as in the mesh.
  it.each([
    ['web', ['web.shop.svc.cluster.local'], ['info spec.hosts[0] short-hostname']],
    ['web.example.com', ['web.example.com'], []],
    ['*.example.com', ['*.example.com'], []],
  ])('gateway route hostname of host %s', (host, hostnames, expected) => {
    const { codes, spec0 } = convert({
      hosts: [host],
      gateways: ['edge'],
      http: [{ route: [route('web')] }],
    });
    expect(spec0().hostnames).toEqual(hostnames);
    expect(codes.filter((c) => c.includes('short-hostname'))).toEqual(expected);
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

import { describe, expect, it } from 'vitest';
import { istioGateway, service } from './testing/builders';
import { convertVs as convert, route } from './testing/convert-vs';

const db = service('db', 'shop', [{ name: 'tcp', port: 5432 }]);
const secure = service('secure', 'shop', [{ name: 'tls', port: 8443 }]);

const tcpGateway = (hosts: string[]) =>
  istioGateway('edge', 'shop', {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 5432, name: 'tcp', protocol: 'TCP' }, hosts }],
  });

const parentsOf = (resources: { kind: string; spec?: unknown }[], kind: string) =>
  resources
    .filter((o) => o.kind === kind)
    .map((o) => ((o.spec as { parentRefs?: { name: string }[] }).parentRefs ?? []).map((p) => p.name));

describe('TCP rules on gateways attach where Istio bound them: a VirtualService host matches a server host', () => {
  it.each([
    ['a server for any host', ['*'], ['db'], [['edge']], false],
    ['the short host, in full', ['db.shop.svc.cluster.local'], ['db'], [['edge']], false],
    ['a wildcard server host', ['*.example.com'], ['pg.example.com'], [['edge']], false],
    ['a wildcard VirtualService host', ['pg.example.com'], ['*.example.com'], [['edge']], false],
    ['the server host of this namespace', ['shop/*'], ['db'], [['edge']], false],
    ['no host in common', ['*.example.com'], ['db'], [[]], true],
    ['a server host of another namespace', ['other/*'], ['db'], [[]], true],
  ])('%s', (_name, serverHosts, vsHosts, parents, noListener) => {
    const { r, codes } = convert(
      { hosts: vsHosts, gateways: ['edge'], tcp: [{ route: [route('db')] }] },
      { services: [db], istiogateways: [tcpGateway(serverHosts)] },
    );
    expect(parentsOf(r.resources, 'TCPRoute')).toEqual(parents);
    expect(codes.includes('warning spec.gateways no-listener')).toBe(noListener);
  });
});

describe('mesh TLS rules: one TLSRoute per SNI host, as istiod keeps a single mesh hostname as written', () => {
  it.each([
    [
      'several SNI hosts, one route each',
      [{ sniHosts: ['secure.shop.svc.cluster.local', 'other.example.com'] }],
      [['secure.shop.svc.cluster.local'], ['other.example.com']],
    ],
    ['one SNI host stays one route', [{ sniHosts: ['other.example.com'] }], [['other.example.com']]],
    [
      'SNI hosts of several matches',
      [{ sniHosts: ['a.example.com'] }, { sniHosts: ['b.example.com'] }],
      [['a.example.com'], ['b.example.com']],
    ],
  ])('%s', (_name, match, hostnames) => {
    const { r } = convert(
      {
        hosts: ['secure', 'a.example.com', 'b.example.com', 'other.example.com'],
        tls: [{ match, route: [route('secure')] }],
      },
      { services: [secure] },
    );
    const routes = r.resources.filter((o) => o.kind === 'TLSRoute');
    expect(routes.map((o) => (o.spec as { hostnames?: string[] }).hostnames)).toEqual(hostnames);
    // Every route is mapped back to the rule.
    const mapped = r.ruleMap.find((m) => m.field === 'spec.tls[0]')?.outputs.map((o) => o.resource) ?? [];
    expect(mapped).toEqual(routes.map((o) => `TLSRoute/shop/${o.metadata.name}`));
  });

  it('gateway TLS routes keep their hostnames together', () => {
    const gw = istioGateway('edge', 'shop', {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'tls', protocol: 'TLS' },
          tls: { mode: 'PASSTHROUGH' },
          hosts: ['*.example.com'],
        },
      ],
    });
    const { r } = convert(
      {
        hosts: ['a.example.com', 'b.example.com'],
        gateways: ['edge'],
        tls: [{ match: [{ sniHosts: ['a.example.com', 'b.example.com'] }], route: [route('secure')] }],
      },
      { services: [secure], istiogateways: [gw] },
    );
    const routes = r.resources.filter((o) => o.kind === 'TLSRoute');
    expect(routes.map((o) => (o.spec as { hostnames?: string[] }).hostnames)).toEqual([
      ['a.example.com', 'b.example.com'],
    ]);
  });
});

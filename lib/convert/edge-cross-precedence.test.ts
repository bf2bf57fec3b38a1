import { describe, expect, it } from 'vitest';
import { convertAll } from './convert';
import { istioGateway, service, virtualService } from './testing/builders';

const gateway = istioGateway('gw', 'edge', {
  servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*/*'] }],
});
const vs = (
  name: string,
  ns: string,
  created: string | undefined,
  http: Record<string, unknown>[],
  host = 'www.example.com',
) => {
  const o = virtualService(name, ns, { hosts: [host], gateways: ['edge/gw'], http });
  if (created) o.metadata.creationTimestamp = created;
  return o;
};
const to = { route: [{ destination: { host: 'app.shop.svc.cluster.local' } }] };
const prefix = (p: string) => ({ match: [{ uri: { prefix: p } }], ...to });
const T1 = '2025-01-01T00:00:00Z';
const T2 = '2025-02-01T00:00:00Z';

describe('rules of VirtualServices merged for one host and gateway (issue 17, case 5)', () => {
  it.each<[string, ReturnType<typeof vs>[], string[]]>([
    [
      'older catch-all, newer /api: /api moves',
      [vs('a', 'x', T1, [to]), vs('b', 'y', T2, [prefix('/api')])],
      ['VirtualService/y/b spec.http[0].match[0]'],
    ],
    [
      'older /api, newer catch-all: same order',
      [vs('a', 'x', T1, [prefix('/api')]), vs('b', 'y', T2, [to])],
      [],
    ],
    [
      'disjoint paths: nothing to report',
      [vs('a', 'x', T1, [prefix('/web')]), vs('b', 'y', T2, [prefix('/api')])],
      [],
    ],
    [
      'other hosts: not merged',
      [vs('a', 'x', T1, [to], 'a.example.com'), vs('b', 'y', T2, [prefix('/api')], 'b.example.com')],
      [],
    ],
    [
      'equal rank, newer first by name: reported',
      [vs('m', 'x', T1, [prefix('/api')]), vs('b', 'x', T2, [prefix('/api')])],
      ['VirtualService/x/b spec.http[0].match[0]'],
    ],
    [
      'no creation times: order by name',
      [vs('a', 'x', undefined, [to]), vs('b', 'x', undefined, [prefix('/api')])],
      ['VirtualService/x/b spec.http[0].match[0]'],
    ],
  ])('%s', (_name, virtualservices, expected) => {
    const r = convertAll({ services: [service('app', 'shop')], istiogateways: [gateway], virtualservices });
    const found = r.warnings.filter((w) => w.code === 'cross-route-precedence');
    expect(found.map((w) => `${w.resource} ${w.field}`)).toEqual(expected);
    for (const w of found) expect(w.message).toMatch(/VirtualService\/x\/(a|m) .* rule spec\.http\[0\]/);
  });
});

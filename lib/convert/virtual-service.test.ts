import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { destinationRule, istioGateway, service, serviceEntry } from './testing/builders';
import { convertVs as convert, GW, route } from './testing/convert-vs';

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

  it('exact authority matches split gateway routes by hostname', () => {
    const { r, codes } = convert(
      {
        hosts: ['a.example.com', 'b.example.com'],
        gateways: ['gw'],
        http: [
          { match: [{ authority: { exact: 'b.example.com' } }], route: [route('api')] },
          { match: [{ authority: { exact: 'c.example.com' } }], route: [route('api')] },
          { route: [route('web')] },
        ],
      },
      { istiogateways: [gateway] },
    );
    // Each hostname lives in one route holding, in Istio order, every rule that applies to it.
    expect(
      r.resources.map((o) => [
        o.metadata.name,
        o.spec?.hostnames,
        (o.spec?.rules as unknown[] | undefined)?.length,
      ]),
    ).toEqual([
      ['vs', ['a.example.com'], 1],
      ['vs-2', ['b.example.com'], 2],
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        'info spec.http[0].match[0].authority authority-hostname',
        'warning spec.http[1].match[0].authority authority-unreachable',
      ]),
    );
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
    expect(renamed.kinds).toEqual([
      'HTTPRoute/shop/vs',
      expect.stringMatching(/^Service\/shop\/reviews-v2-[a-z0-9]{5}$/),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/objects';
import { convertForTarget } from '../convert-target';
import type { Target } from '../targets/types';

const P = 'nginx.ingress.kubernetes.io/';

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { ports: [{ name: 'http', port: 8080 }] },
};

function ingress(
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
  name = 'web',
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'shop', annotations },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              {
                path: '/app',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
      ...spec,
    },
  };
}

function convert(
  ings: KubeObject[],
  target: Target = 'istio',
  extra: Partial<Record<'configmaps', KubeObject[]>> = {},
) {
  return convertForTarget({ ingresses: ings, services: [service], ...extra }, { target });
}

function route(r: ReturnType<typeof convert>, name = 'web') {
  const o = r.resources.find((x) => x.kind === 'HTTPRoute' && x.metadata.name === name);
  if (!o) throw new Error(`no HTTPRoute ${name} in ${r.resources.map((x) => x.metadata.name).join(', ')}`);
  return o.spec as {
    parentRefs: { sectionName?: string }[];
    hostnames?: string[];
    rules: Record<string, unknown>[];
  };
}

function codes(r: ReturnType<typeof convert>) {
  return r.warnings.map((w) => `${w.severity}:${w.code}:${w.field}`);
}

const annotationCases: {
  name: string;
  annotations: Record<string, string>;
  target?: Target;
  check: (r: ReturnType<typeof convert>) => void;
}[] = [
  {
    name: 'app-root redirects / with 302',
    annotations: { [`${P}app-root`]: '/home' },
    check: (r) =>
      expect(route(r).rules[0]).toEqual({
        matches: [{ path: { type: 'Exact', value: '/' } }],
        filters: [
          {
            type: 'RequestRedirect',
            requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/home' }, statusCode: 302 },
          },
        ],
      }),
  },
  {
    name: 'backend-protocol HTTPS writes a BackendTLSPolicy and warns about verification',
    annotations: { [`${P}backend-protocol`]: 'HTTPS', [`${P}proxy-ssl-name`]: 'web.internal' },
    check: (r) => {
      const p = r.resources.find((x) => x.kind === 'BackendTLSPolicy');
      expect(p?.spec).toMatchObject({
        targetRefs: [{ kind: 'Service', name: 'web' }],
        validation: { hostname: 'web.internal', wellKnownCACertificates: 'System' },
      });
      expect(codes(r)).toContain(
        `warning:ingress-backend-tls-verify:metadata.annotations["${P}backend-protocol"]`,
      );
    },
  },
  {
    name: 'proxy-ssl-secret points the BackendTLSPolicy at a CA ConfigMap',
    annotations: {
      [`${P}backend-protocol`]: 'HTTPS',
      [`${P}proxy-ssl-secret`]: 'shop/web-ca',
      [`${P}proxy-ssl-verify`]: 'on',
    },
    check: (r) => {
      expect(r.resources.find((x) => x.kind === 'BackendTLSPolicy')?.spec).toMatchObject({
        validation: { caCertificateRefs: [{ kind: 'ConfigMap', name: 'web-ca' }] },
      });
      expect(codes(r)).not.toContain(
        `warning:ingress-backend-tls-verify:metadata.annotations["${P}backend-protocol"]`,
      );
    },
  },
  {
    name: 'proxy-body-size is an Envoy Gateway BackendTrafficPolicy request buffer',
    annotations: { [`${P}proxy-body-size`]: '8m' },
    target: 'envoy-gateway',
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'BackendTrafficPolicy')?.spec).toMatchObject({
        requestBuffer: { limit: '8Mi' },
      }),
  },
  {
    name: 'proxy-body-size is an NGINX ClientSettingsPolicy',
    annotations: { [`${P}proxy-body-size`]: '20480k' },
    target: 'nginx',
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'ClientSettingsPolicy')?.spec).toMatchObject({
        targetRef: { kind: 'HTTPRoute', name: 'web' },
        body: { maxSize: '20m' },
      }),
  },
  {
    name: 'proxy-body-size cannot be carried on Istio',
    annotations: { [`${P}proxy-body-size`]: '8m' },
    check: (r) =>
      expect(codes(r)).toContain(`error:target-unsupported:metadata.annotations["${P}proxy-body-size"]`),
  },
  {
    name: 'enable-cors with origins is a CORS filter with the ingress-nginx defaults',
    annotations: {
      [`${P}enable-cors`]: 'true',
      [`${P}cors-allow-origin`]: 'https://a.example.com',
      [`${P}cors-max-age`]: '600',
    },
    check: (r) =>
      expect(route(r).rules[0]?.filters).toContainEqual({
        type: 'CORS',
        cors: expect.objectContaining({
          allowOrigins: ['https://a.example.com'],
          maxAge: 600,
          allowCredentials: true,
          allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
        }),
      }),
  },
  {
    name: 'cors-* without enable-cors is ignored and said so',
    annotations: { [`${P}cors-allow-origin`]: '*' },
    check: (r) =>
      expect(codes(r)).toContain(`info:ingress-cors-disabled:metadata.annotations["${P}cors-allow-origin"]`),
  },
  {
    name: 'custom-headers become response headers from the ConfigMap',
    annotations: { [`${P}custom-headers`]: 'shop/headers' },
    check: (r) =>
      expect(route(r).rules[0]?.filters).toContainEqual({
        type: 'ResponseHeaderModifier',
        responseHeaderModifier: { set: [{ name: 'X-A', value: '1' }] },
      }),
  },
  {
    name: 'whitelist-source-range is an Envoy Gateway SecurityPolicy allow-list',
    annotations: { [`${P}whitelist-source-range`]: '10.0.0.0/8, 172.16.0.0/12' },
    target: 'envoy-gateway',
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'SecurityPolicy')?.spec).toMatchObject({
        authorization: {
          defaultAction: 'Deny',
          rules: [{ action: 'Allow', principal: { clientCIDRs: ['10.0.0.0/8', '172.16.0.0/12'] } }],
        },
      }),
  },
  {
    name: 'whitelist-source-range is an Istio DENY AuthorizationPolicy on the Gateway for the host',
    annotations: { [`${P}whitelist-source-range`]: '10.0.0.0/8' },
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'AuthorizationPolicy')?.spec).toEqual({
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress-nginx' }],
        action: 'DENY',
        rules: [
          {
            from: [{ source: { notRemoteIpBlocks: ['10.0.0.0/8'] } }],
            to: [{ operation: { hosts: ['shop.example.com'] } }],
          },
        ],
      }),
  },
  {
    name: 'permanent-redirect replaces the backends with a 301',
    annotations: { [`${P}permanent-redirect`]: 'https://new.example.com/x' },
    check: (r) =>
      expect(route(r).rules[0]).toEqual({
        matches: [{ path: { type: 'PathPrefix', value: '/app' } }],
        filters: [
          {
            type: 'RequestRedirect',
            requestRedirect: {
              statusCode: 301,
              scheme: 'https',
              hostname: 'new.example.com',
              path: { type: 'ReplaceFullPath', replaceFullPath: '/x' },
            },
          },
        ],
      }),
  },
  {
    name: 'temporal-redirect with a code uses it',
    annotations: {
      [`${P}temporal-redirect`]: 'http://tmp.example.com',
      [`${P}temporal-redirect-code`]: '307',
    },
    check: (r) =>
      expect(route(r).rules[0]?.filters).toEqual([
        expect.objectContaining({
          requestRedirect: expect.objectContaining({ statusCode: 307, hostname: 'tmp.example.com' }),
        }),
      ]),
  },
  {
    name: 'ssl-redirect false keeps HTTP serving the route',
    annotations: { [`${P}ssl-redirect`]: 'false' },
    check: (r) => {
      expect(route(r).parentRefs.map((p) => p.sectionName)).toEqual([
        'https-shop-example-com',
        'http-shop-example-com',
      ]);
      expect(r.resources.some((x) => x.metadata.name === 'web-https-redirect')).toBe(false);
    },
  },
  {
    name: 'use-regex makes regex paths RegularExpression matches',
    annotations: { [`${P}use-regex`]: 'true' },
    check: (r) => expect(codes(r).some((c) => c.startsWith('warning:ingress-regex'))).toBe(false),
  },
  {
    name: 'rewrite-target without groups replaces the full path',
    annotations: { [`${P}rewrite-target`]: '/' },
    check: (r) =>
      expect(route(r).rules[0]?.filters).toContainEqual({
        type: 'URLRewrite',
        urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/' } },
      }),
  },
  {
    name: 'affinity cookie is Envoy Gateway consistent hashing on the cookie',
    annotations: { [`${P}affinity`]: 'cookie', [`${P}session-cookie-max-age`]: '60' },
    target: 'envoy-gateway',
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'BackendTrafficPolicy')?.spec).toMatchObject({
        loadBalancer: {
          type: 'ConsistentHash',
          consistentHash: { type: 'Cookie', cookie: { name: 'INGRESSCOOKIE', ttl: '60s' } },
        },
      }),
  },
  {
    name: 'affinity cookie is an Istio DestinationRule httpCookie',
    annotations: { [`${P}affinity`]: 'cookie', [`${P}session-cookie-name`]: 'sid' },
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'DestinationRule')?.spec).toEqual({
        host: 'web.shop.svc.cluster.local',
        trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'sid', ttl: '0s' } } } },
      }),
  },
  {
    name: 'ssl-passthrough is a TLS listener and a TLSRoute',
    annotations: { [`${P}ssl-passthrough`]: 'true' },
    check: (r) => {
      const gw = r.resources.find((x) => x.kind === 'Gateway')?.spec as {
        listeners: { protocol: string; tls?: unknown }[];
      };
      expect(gw.listeners).toContainEqual(
        expect.objectContaining({ protocol: 'TLS', tls: { mode: 'Passthrough' } }),
      );
      expect(r.resources.find((x) => x.kind === 'TLSRoute')?.spec).toMatchObject({
        hostnames: ['shop.example.com'],
        rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }],
      });
    },
  },
  {
    name: 'proxy timeouts are an NGINX ProxySettingsPolicy',
    annotations: {
      [`${P}proxy-connect-timeout`]: '5',
      [`${P}proxy-read-timeout`]: '120',
      [`${P}proxy-send-timeout`]: '30',
    },
    target: 'nginx',
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'ProxySettingsPolicy')?.spec).toMatchObject({
        timeout: { connect: '5s', read: '120s', send: '30s' },
      }),
  },
  {
    name: 'proxy timeouts are Envoy Gateway connect and stream idle timeouts',
    annotations: { [`${P}proxy-connect-timeout`]: '5', [`${P}proxy-read-timeout`]: '120' },
    target: 'envoy-gateway',
    check: (r) =>
      expect(r.resources.find((x) => x.kind === 'BackendTrafficPolicy')?.spec).toMatchObject({
        timeout: { tcp: { connectTimeout: '5s' }, http: { streamIdleTimeout: '120s' } },
      }),
  },
  {
    name: 'configuration-snippet is refused on NGINX without snippets',
    annotations: { [`${P}configuration-snippet`]: 'add_header X 1;' },
    target: 'nginx',
    check: (r) => {
      expect(r.resources.some((x) => x.kind === 'SnippetsFilter')).toBe(false);
      expect(codes(r)).toContain(
        `error:target-unsupported:metadata.annotations["${P}configuration-snippet"]`,
      );
    },
  },
  {
    name: 'an annotation with no form is reported with what it does',
    annotations: { [`${P}enable-modsecurity`]: 'true' },
    check: (r) =>
      expect(r.warnings).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          code: 'ingress-annotation',
          message: expect.stringContaining('ModSecurity'),
        }),
      ),
  },
  {
    name: 'server-alias adds hostnames',
    annotations: { [`${P}server-alias`]: 'www.example.com' },
    check: (r) => expect(route(r).hostnames).toEqual(['shop.example.com', 'www.example.com']),
  },
  {
    name: 'upstream-vhost rewrites the Host header',
    annotations: { [`${P}upstream-vhost`]: 'internal.example.com' },
    check: (r) =>
      expect(route(r).rules[0]?.filters).toContainEqual({
        type: 'URLRewrite',
        urlRewrite: { hostname: 'internal.example.com' },
      }),
  },
];

describe('ingress-nginx annotations', () => {
  it.each(annotationCases)('$name', ({ annotations, target, check }) => {
    const tls = { tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] };
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'headers', namespace: 'shop' },
      data: { 'X-A': '1' },
    };
    check(convert([ingress(annotations, tls)], target ?? 'istio', { configmaps: [cm] }));
  });
});

describe('Ingress fields', () => {
  it('spec.tls gives an HTTPS listener with the Secret and an HTTP→HTTPS redirect route', () => {
    const r = convert([ingress({}, { tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] })]);
    const gw = r.resources.find((x) => x.kind === 'Gateway');
    expect(gw?.metadata.name).toBe('ingress-nginx');
    expect(gw?.spec).toMatchObject({
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http-shop-example-com', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' },
        {
          name: 'https-shop-example-com',
          port: 443,
          protocol: 'HTTPS',
          tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'shop-tls' }] },
        },
      ],
    });
    expect(route(r).parentRefs).toEqual([expect.objectContaining({ sectionName: 'https-shop-example-com' })]);
    expect(route(r, 'web-https-redirect').rules[0]?.filters).toEqual([
      { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } },
    ]);
  });

  it('pathType Exact and Prefix map one to one; ImplementationSpecific is warned', () => {
    const paths = [
      { path: '/a', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 8080 } } } },
      { path: '/b/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } },
      {
        path: '/c',
        pathType: 'ImplementationSpecific',
        backend: { service: { name: 'web', port: { number: 8080 } } },
      },
    ];
    const r = convert([ingress({}, { rules: [{ host: 'shop.example.com', http: { paths } }] })]);
    expect(route(r).rules.map((x) => (x.matches as { path: unknown }[])[0]?.path)).toEqual([
      { type: 'Exact', value: '/a' },
      { type: 'PathPrefix', value: '/b' },
      { type: 'PathPrefix', value: '/c' },
    ]);
    expect(codes(r)).toContain(
      'warning:ingress-implementation-specific:spec.rules[0].http.paths[2].pathType',
    );
  });

  it('a named service port resolves through the Service', () => {
    const paths = [
      { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
    ];
    const r = convert([ingress({}, { rules: [{ host: 'shop.example.com', http: { paths } }] })]);
    expect(route(r).rules[0]?.backendRefs).toEqual([{ name: 'web', port: 8080 }]);
  });

  it('an unknown named port is an error, not a guess', () => {
    const paths = [
      { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'grpc' } } } },
    ];
    const r = convert([ingress({}, { rules: [{ host: 'shop.example.com', http: { paths } }] })]);
    expect(codes(r)).toContain('error:ingress-port-unknown:spec.rules[0].http.paths[0].backend.service.port');
  });

  it('spec.defaultBackend catches what no path matches; alone it is a route for any host', () => {
    const r = convert([
      ingress({}, { rules: [], defaultBackend: { service: { name: 'web', port: { number: 8080 } } } }),
    ]);
    const spec = route(r);
    expect(spec.hostnames).toBeUndefined();
    expect(spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 8080 }] },
    ]);
    expect(spec.parentRefs[0]?.sectionName).toBe('http-any');
  });

  it('a canary merges as weights, a header rule and a "never" rule', () => {
    const canary = ingress(
      { [`${P}canary`]: 'true', [`${P}canary-weight`]: '20', [`${P}canary-by-header`]: 'X-Canary' },
      {},
      'web-canary',
    );
    const spec = canary.spec as {
      rules: { http: { paths: { backend: { service: { name: string } } }[] } }[];
    };
    const backend = spec.rules[0]?.http.paths[0]?.backend.service;
    if (backend) backend.name = 'web-v2';
    const r = convert([ingress(), canary]);
    expect(route(r).rules.map((x) => x.backendRefs)).toEqual([
      [{ name: 'web-v2', port: 8080 }],
      [{ name: 'web', port: 8080 }],
      [
        { name: 'web', port: 8080, weight: 80 },
        { name: 'web-v2', port: 8080, weight: 20 },
      ],
    ]);
    expect(r.resources.some((x) => x.metadata.name === 'web-canary')).toBe(false);
    expect(codes(r)).toContain('info:ingress-canary-merged:spec.rules[0].http.paths[0]');
  });

  it('an Istio-class Ingress is converted and noted, its /* paths read the Istio way', () => {
    const paths = [
      {
        path: '/api/*',
        pathType: 'ImplementationSpecific',
        backend: { service: { name: 'web', port: { number: 8080 } } },
      },
    ];
    const ing = ingress(
      { 'kubernetes.io/ingress.class': 'istio', [`${P}proxy-body-size`]: '1m' },
      { ingressClassName: undefined, rules: [{ host: 'shop.example.com', http: { paths } }] },
    );
    const r = convert([ing]);
    expect(r.resources.find((x) => x.kind === 'Gateway')?.metadata.name).toBe('ingress-istio');
    expect(route(r).rules[0]?.matches).toEqual([{ path: { type: 'PathPrefix', value: '/api' } }]);
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        'info:ingress-istio-class:metadata.annotations["kubernetes.io/ingress.class"]',
        `info:ingress-annotation-ignored:metadata.annotations["${P}proxy-body-size"]`,
      ]),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { convertGateway } from './convert';
import type { GatewaySpec, Listener } from './gateway-api';
import { istioGateway, pod, virtualService } from './testing/builders';
import type { ConvertInput } from './types';

function convert(servers: unknown[], extra: ConvertInput = {}, opts = {}) {
  const gw = istioGateway('gw', 'edge', { selector: { istio: 'ingressgateway' }, servers });
  const r = convertGateway(gw, { istiogateways: [gw], ...extra }, opts);
  const gateway = r.resources.find((o) => o.kind === 'Gateway');
  const spec = gateway?.spec as unknown as GatewaySpec | undefined;
  const codes = r.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`);
  return { r, spec, listeners: spec?.listeners ?? [], codes };
}

const http = (hosts: string[], extra: Record<string, unknown> = {}) => ({
  port: { number: 80, name: 'http', protocol: 'HTTP' },
  hosts,
  ...extra,
});
const https = (tls: Record<string, unknown>, hosts = ['a.example.com']) => ({
  port: { number: 443, name: 'https', protocol: 'HTTPS' },
  hosts,
  tls,
});
const SAME = { namespaces: { from: 'Same' } };
const ALL = { namespaces: { from: 'All' } };

describe('Istio Gateway servers to listeners', () => {
  it('one listener per host; * has no hostname; wildcard kept', () => {
    const { listeners, spec } = convert([http(['a.example.com', '*.example.com', '*'])]);
    expect(spec?.gatewayClassName).toBe('istio');
    expect(listeners).toEqual([
      {
        name: 'http-a-example-com',
        hostname: 'a.example.com',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: ALL,
      },
      {
        name: 'http-wildcard-example-com',
        hostname: '*.example.com',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: ALL,
      },
      { name: 'http-any', port: 80, protocol: 'HTTP', allowedRoutes: ALL },
    ]);
  });

  it('gatewayClassName comes from the options', () => {
    expect(convert([http(['*'])], {}, { gatewayClassName: 'eg' }).spec?.gatewayClassName).toBe('eg');
  });

  it('warns that the Gateway gets its own Deployment and Service', () => {
    expect(convert([http(['*'])]).codes).toContain('warning spec.selector gateway-deployment');
  });

  it('ns/host limits the listener to that namespace', () => {
    const { listeners } = convert([http(['shop/shop.example.com', './edge.example.com'])]);
    expect(listeners.map((l) => l.allowedRoutes)).toEqual([
      {
        namespaces: {
          from: 'Selector',
          selector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }],
          },
        },
      },
      SAME,
    ]);
  });

  it('admits the namespaces of the VirtualServices bound to it', () => {
    const bound = [
      virtualService('a', 'shop', {
        hosts: ['a.example.com'],
        gateways: ['edge/gw'],
        http: [{ route: [{ destination: { host: 'x' } }] }],
      }),
      virtualService('b', 'edge', {
        hosts: ['*'],
        gateways: ['gw'],
        http: [{ route: [{ destination: { host: 'x' } }] }],
      }),
      virtualService('c', 'other', {
        hosts: ['b.example.com'],
        gateways: ['edge/gw'],
        http: [{ route: [{ destination: { host: 'x' } }] }],
      }),
    ];
    const { listeners, codes } = convert([http(['a.example.com'])], { virtualservices: bound });
    expect(listeners[0]?.allowedRoutes).toEqual({
      namespaces: {
        from: 'Selector',
        selector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['edge', 'shop'] },
          ],
        },
      },
    });
    expect(codes).toContain('warning spec.servers[0] allowed-routes-narrowed');
  });

  it('TLS SIMPLE: HTTPS Terminate with the credentialName Secret', () => {
    const { listeners } = convert([https({ mode: 'SIMPLE', credentialName: 'a-cert' })]);
    expect(listeners[0]).toMatchObject({
      protocol: 'HTTPS',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'a-cert' }] },
    });
  });

  it('credentialNames: one certificateRef each', () => {
    const { listeners } = convert([https({ mode: 'SIMPLE', credentialNames: ['rsa', 'ecdsa'] })]);
    expect(listeners[0]?.tls?.certificateRefs?.map((c) => c.name)).toEqual(['rsa', 'ecdsa']);
  });

  it('certificates mounted as files: placeholder Secret and an error', () => {
    const { listeners, codes } = convert([
      https({ mode: 'SIMPLE', serverCertificate: '/etc/c.pem', privateKey: '/etc/k.pem' }),
    ]);
    expect(listeners[0]?.tls?.certificateRefs?.[0]?.name).toBe('gw-https-cert');
    expect(codes).toContain('error spec.servers[0].tls tls-no-credential');
  });

  it('MUTUAL: frontend validation per port', () => {
    const { spec, codes } = convert([https({ mode: 'MUTUAL', credentialName: 'a-cert' })]);
    expect(spec?.tls).toEqual({
      frontend: {
        default: {},
        perPort: [
          {
            port: 443,
            tls: { validation: { caCertificateRefs: [{ group: '', kind: 'Secret', name: 'a-cert' }] } },
          },
        ],
      },
    });
    expect(codes).toContain('warning spec.servers[0].tls.mode tls-mutual');
  });

  it('OPTIONAL_MUTUAL allows clients without certificates', () => {
    const { spec } = convert([
      https({ mode: 'OPTIONAL_MUTUAL', credentialName: 'c', caCertCredentialName: 'ca' }),
    ]);
    expect(spec?.tls?.frontend.perPort[0]?.tls.validation).toEqual({
      caCertificateRefs: [{ group: '', kind: 'Secret', name: 'ca' }],
      mode: 'AllowInsecureFallback',
    });
  });

  it('PASSTHROUGH: TLS listener in Passthrough mode', () => {
    const { listeners } = convert([https({ mode: 'PASSTHROUGH' })]);
    expect(listeners[0]).toMatchObject({
      protocol: 'TLS',
      tls: { mode: 'Passthrough' },
      hostname: 'a.example.com',
    });
  });

  it.each(['AUTO_PASSTHROUGH', 'ISTIO_MUTUAL'])('%s has no equivalent: server dropped', (mode) => {
    const { r, codes } = convert([https({ mode })]);
    expect(r.resources).toEqual([]);
    expect(codes).toContain('error spec.servers[0].tls.mode tls-mode-unsupported');
    expect(codes).toContain('error spec.servers gateway-empty');
  });

  it('TLS options without a standard field are reported', () => {
    const { codes } = convert([
      https({ mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_2', cipherSuites: ['X'] }),
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        'warning spec.servers[0].tls.minProtocolVersion tls-minProtocolVersion',
        'warning spec.servers[0].tls.cipherSuites tls-cipherSuites',
      ]),
    );
  });

  it('httpsRedirect: an HTTPRoute redirecting to https on that listener', () => {
    const { r, listeners } = convert([http(['a.example.com'], { tls: { httpsRedirect: true } })]);
    expect(listeners[0]?.allowedRoutes).toEqual(SAME);
    const route = r.resources.find((o) => o.kind === 'HTTPRoute') as KubeObject;
    expect(route.metadata.name).toBe('gw-https-redirect');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', sectionName: 'http' }],
      rules: [
        { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
      ],
    });
  });

  it.each([
    ['HTTP2', 'HTTP'],
    ['GRPC', 'HTTP'],
    ['TCP', 'TCP'],
    ['MONGO', 'TCP'],
    ['REDIS', 'TCP'],
  ])('protocol %s becomes a %s listener', (proto, expected) => {
    const { listeners } = convert([
      { port: { number: 9000, name: 'p', protocol: proto }, hosts: ['a.example.com'] },
    ]);
    expect(listeners[0]?.protocol).toBe(expected);
    if (expected === 'TCP') expect(listeners[0]?.hostname).toBeUndefined();
  });

  it('listener names stay unique and valid', () => {
    const { listeners } = convert([
      { port: { number: 80, name: 'Web_Port', protocol: 'HTTP' }, hosts: ['a.example.com'] },
      { port: { number: 8080, name: 'Web_Port', protocol: 'HTTP' }, hosts: ['a.example.com'] },
    ]);
    expect(listeners.map((l: Listener) => l.name)).toEqual(['web-port', 'web-port-2']);
  });

  it('merges servers with the same port, protocol and hostname', () => {
    const { listeners } = convert([http(['a.example.com']), http(['a.example.com'])]);
    expect(listeners).toHaveLength(1);
  });

  it('reads certificates from the ingress workload namespace through a ReferenceGrant', () => {
    const { r, listeners } = convert([https({ mode: 'SIMPLE', credentialName: 'a-cert' })], {
      pods: [pod('ingress-0', 'istio-system', { istio: 'ingressgateway' })],
    });
    expect(listeners[0]?.tls?.certificateRefs).toEqual([
      { group: '', kind: 'Secret', name: 'a-cert', namespace: 'istio-system' },
    ]);
    const grant = r.resources.find((o) => o.kind === 'ReferenceGrant');
    expect(grant?.metadata).toMatchObject({
      name: 'mesh-migrator-edge-certificates',
      namespace: 'istio-system',
    });
    expect(grant?.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }],
      to: [{ group: '', kind: 'Secret', name: 'a-cert' }],
    });
  });

  it('reports bind, defaultEndpoint and an invalid host', () => {
    const { codes, listeners } = convert([
      http(['1.2.3.4'], { bind: '0.0.0.0', defaultEndpoint: '127.0.0.1:8080' }),
    ]);
    expect(listeners[0]?.hostname).toBeUndefined();
    expect(codes).toEqual(
      expect.arrayContaining([
        'warning spec.servers[0].bind server-bind',
        'warning spec.servers[0].defaultEndpoint server-default-endpoint',
        'warning spec.servers[0].hosts[0] listener-hostname',
      ]),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { convertAll } from './convert';
import { istioGateway, service, virtualService } from './testing/builders';
import type { ConversionResult, ConvertInput } from './types';

interface ListenerOut {
  name: string;
  port: number;
  allowedRoutes?: { namespaces: { from: string } };
}

const listenersOf = (r: ConversionResult) =>
  (r.resources.find((o) => o.kind === 'Gateway')?.spec?.listeners ?? []) as ListenerOut[];
const findings = (r: ConversionResult) => r.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`);

const ingressSvc = (ports: { port: number; targetPort?: number }[]) =>
  service('istio-ingressgateway', 'istio-system', ports, {
    app: 'istio-ingressgateway',
    istio: 'ingressgateway',
  });
const gw = (servers: Record<string, unknown>[]) =>
  istioGateway('gw', 'edge', { selector: { istio: 'ingressgateway' }, servers });
const http = (number: number, hosts = ['*']) => ({ port: { number, name: 'http', protocol: 'HTTP' }, hosts });

describe('listener ports are the ports clients used (issue 17, case 2)', () => {
  it.each<[string, ConvertInput, number, string]>([
    [
      'target port behind a Service port',
      { services: [ingressSvc([{ port: 80, targetPort: 8080 }])], istiogateways: [gw([http(8080)])] },
      80,
      'info spec.servers[0].port.number ingress-port',
    ],
    [
      'a Service port itself',
      { services: [ingressSvc([{ port: 80, targetPort: 8080 }])], istiogateways: [gw([http(80)])] },
      80,
      '',
    ],
    [
      "a Service port that is also another port's target (Service port wins)",
      {
        services: [
          ingressSvc([
            { port: 80, targetPort: 8080 },
            { port: 8080, targetPort: 9090 },
          ]),
        ],
        istiogateways: [gw([http(8080)])],
      },
      8080,
      '',
    ],
    [
      'targetPort defaulting to the port',
      { services: [ingressSvc([{ port: 8080 }])], istiogateways: [gw([http(8080)])] },
      8080,
      '',
    ],
    [
      'a port no Service port targets',
      { services: [ingressSvc([{ port: 80, targetPort: 8080 }])], istiogateways: [gw([http(9000)])] },
      9000,
      'warning spec.servers[0].port.number ingress-port-unknown',
    ],
    [
      'two Service ports targeting it',
      {
        services: [
          ingressSvc([
            { port: 80, targetPort: 8080 },
            { port: 81, targetPort: 8080 },
          ]),
        ],
        istiogateways: [gw([http(8080)])],
      },
      8080,
      'warning spec.servers[0].port.number ingress-port-unknown',
    ],
    [
      "Istio's default target port, Service not in the input",
      { istiogateways: [gw([http(8080)])] },
      8080,
      'warning spec.servers[0].port.number ingress-port-unknown',
    ],
    [
      'another port, Service not in the input',
      { istiogateways: [gw([http(80)])] },
      80,
      'info spec.servers[0].port.number ingress-port-unknown',
    ],
  ])('%s', (_name, input, port, finding) => {
    const r = convertAll(input);
    expect(listenersOf(r)[0]?.port).toBe(port);
    const portFindings = findings(r).filter((f) => f.includes('ingress-port'));
    expect(portFindings).toEqual(finding ? [finding] : []);
  });

  it('a route matching the Istio server port attaches to the listener on the Service port', () => {
    const r = convertAll({
      services: [ingressSvc([{ port: 80, targetPort: 8080 }]), service('site', 'edge')],
      istiogateways: [gw([http(8080), http(9000)])],
      virtualservices: [
        virtualService('site', 'edge', {
          hosts: ['*'],
          gateways: ['gw'],
          http: [{ match: [{ port: 8080 }], route: [{ destination: { host: 'site' } }] }],
        }),
      ],
    });
    const route = r.resources.find((o) => o.kind === 'HTTPRoute');
    const listener = listenersOf(r).find((l) => l.port === 80);
    expect(route?.spec?.parentRefs).toEqual([expect.objectContaining({ sectionName: listener?.name })]);
  });
});

describe('a Gateway converted alone keeps who may attach (issue 17, case 3)', () => {
  const other = (ns: string, host: string) =>
    virtualService('r', ns, {
      hosts: [host],
      gateways: ['edge/gw'],
      http: [{ route: [{ destination: { host: 'x' } }] }],
    });
  it.each<[string, string, ConvertInput['virtualservices'], unknown, string]>([
    [
      '*/host, nothing bound',
      '*/*.example.com',
      [],
      { namespaces: { from: 'All' } },
      'info spec.servers[0] allowed-routes-all',
    ],
    [
      'bare host, nothing bound',
      '*.example.com',
      [],
      { namespaces: { from: 'All' } },
      'info spec.servers[0] allowed-routes-all',
    ],
    [
      '*/host, bound from the Gateway namespace',
      '*/*.example.com',
      [other('edge', 'a.example.com')],
      { namespaces: { from: 'Same' } },
      'warning spec.servers[0] allowed-routes-narrowed',
    ],
    [
      '*/host, bound from another namespace',
      '*/*.example.com',
      [other('shop', 'a.example.com')],
      {
        namespaces: {
          from: 'Selector',
          selector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }],
          },
        },
      },
      'warning spec.servers[0] allowed-routes-narrowed',
    ],
    [
      'ns/host: that namespace, as Istio',
      'shop/*.example.com',
      [],
      {
        namespaces: {
          from: 'Selector',
          selector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }],
          },
        },
      },
      '',
    ],
  ])('%s', (_name, host, virtualservices, allowed, finding) => {
    const r = convertAll({ istiogateways: [gw([http(80, [host])])], virtualservices });
    expect(listenersOf(r)[0]?.allowedRoutes).toEqual(allowed);
    const found = findings(r).filter((f) => f.includes('allowed-routes'));
    expect(found).toEqual(finding ? [finding] : []);
  });
});

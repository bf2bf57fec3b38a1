import { describe, expect, it } from 'vitest';
import { convertAll } from './convert';
import { istioGateway, service, virtualService } from './testing/builders';
import type { ConversionResult } from './types';

const findings = (r: ConversionResult) => r.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`);

describe('nothing is lost without a word (issue 17, case 4)', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'httpsRedirect on plain HTTP',
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } },
      ['info spec.servers[0].tls.httpsRedirect https-redirect'],
    ],
    [
      // istiod writes the host as the redirect's domain, ns/ included: it matched no request.
      'httpsRedirect on plain HTTP for a namespace-qualified host',
      {
        port: { number: 80, name: 'http', protocol: 'HTTP' },
        hosts: ['*.example.com', 'edge/*'],
        tls: { httpsRedirect: true },
      },
      [
        'info spec.servers[0].tls.httpsRedirect https-redirect',
        'warning spec.servers[0].hosts[1] https-redirect-host',
      ],
    ],
    [
      'httpsRedirect on an HTTPS server',
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['*'],
        tls: { mode: 'SIMPLE', credentialName: 'c', httpsRedirect: true },
      },
      ['warning spec.servers[0].tls.httpsRedirect https-redirect-ignored'],
    ],
    [
      'httpsRedirect on an HTTP server terminating TLS',
      {
        port: { number: 443, name: 'https', protocol: 'HTTP' },
        hosts: ['*'],
        tls: { mode: 'SIMPLE', credentialName: 'c', httpsRedirect: true },
      },
      ['warning spec.servers[0].tls.httpsRedirect https-redirect-ignored'],
    ],
    [
      'httpsRedirect on a TLS passthrough server',
      {
        port: { number: 443, name: 'tls', protocol: 'TLS' },
        hosts: ['*'],
        tls: { mode: 'PASSTHROUGH', httpsRedirect: true },
      },
      ['warning spec.servers[0].tls.httpsRedirect https-redirect-ignored'],
    ],
    [
      'httpsRedirect false',
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: false } },
      [],
    ],
  ])('%s', (_name, server, expected) => {
    const r = convertAll({ istiogateways: [istioGateway('gw', 'edge', { servers: [server] })] });
    expect(findings(r).filter((f) => f.includes('https-redirect'))).toEqual(expected);
  });

  it.each<[string, unknown, { path?: unknown }[], string[]]>([
    [
      'match as a mapping is one match, with an error',
      { uri: { prefix: '/admin/' } },
      [{ path: { type: 'PathPrefix', value: '/admin/' } }],
      ['error spec.http[0].match match-not-list'],
    ],
    [
      'match as a list',
      [{ uri: { prefix: '/admin/' } }],
      [{ path: { type: 'PathPrefix', value: '/admin/' } }],
      [],
    ],
    ['no match: catch-all', undefined, [{ path: { type: 'PathPrefix', value: '/' } }], []],
  ])('%s', (_name, match, matches, expected) => {
    const r = convertAll({
      services: [service('app', 'shop')],
      virtualservices: [
        virtualService('app', 'shop', {
          hosts: ['app'],
          http: [{ ...(match === undefined ? {} : { match }), route: [{ destination: { host: 'app' } }] }],
        }),
      ],
    });
    const rules = r.resources.find((o) => o.kind === 'HTTPRoute')?.spec?.rules as { matches: unknown[] }[];
    expect(rules[0]?.matches).toEqual(matches);
    expect(findings(r).filter((f) => f.includes('match-not-list'))).toEqual(expected);
  });
});

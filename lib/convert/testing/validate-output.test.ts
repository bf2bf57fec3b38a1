import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/objects';
import { validateOutput } from './validate-output';

const route = (spec: Record<string, unknown>, kind = 'HTTPRoute'): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind,
  metadata: { name: 'r', namespace: 'ns' },
  spec,
});
const ok = {
  parentRefs: [{ name: 'gw' }],
  rules: [
    { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 's', port: 80 }] },
  ],
};

describe('validateOutput catches what the API server rejects', () => {
  it('accepts a valid route', () => expect(validateOutput(route(ok))).toEqual([]));

  it.each([
    ['a Service backend without port', { rules: [{ backendRefs: [{ name: 's' }] }] }, 'without port'],
    [
      'an invalid Exact path',
      { rules: [{ matches: [{ path: { type: 'Exact', value: '/a//b' } }] }] },
      'invalid Exact path',
    ],
    [
      'ReplacePrefixMatch with two matches',
      {
        rules: [
          {
            matches: [
              { path: { type: 'PathPrefix', value: '/a' } },
              { path: { type: 'PathPrefix', value: '/b' } },
            ],
            filters: [
              {
                type: 'URLRewrite',
                urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } },
              },
            ],
          },
        ],
      },
      'exactly one PathPrefix',
    ],
    [
      'a redirect with backends',
      {
        rules: [
          {
            filters: [{ type: 'RequestRedirect', requestRedirect: {} }],
            backendRefs: [{ name: 's', port: 1 }],
          },
        ],
      },
      'RequestRedirect with backendRefs',
    ],
    ['17 rules', { rules: Array.from({ length: 17 }, () => ({})) }, 'rules: 17'],
    [
      'a repeated parent without sectionName',
      { parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'a' }], rules: [{}] },
      'sectionName needed',
    ],
    [
      'a header value with two spaces',
      { rules: [{ matches: [{ headers: [{ name: 'a', value: 'x  y' }] }] }] },
      'header value',
    ],
    ['repeated rule names', { rules: [{ name: 'a' }, { name: 'a' }] }, 'repeated'],
    [
      'backendRequest above request',
      { rules: [{ timeouts: { request: '1s', backendRequest: '2s' } }] },
      'backendRequest > request',
    ],
  ])('%s', (_n, spec, message) => {
    expect(validateOutput(route(spec)).join('\n')).toContain(message);
  });

  it('checks TLSRoute hostnames and Gateway listeners', () => {
    expect(
      validateOutput(route({ rules: [{ backendRefs: [{ name: 's', port: 1 }] }] }, 'TLSRoute')).join(),
    ).toContain('hostnames');
    const gw: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'g', namespace: 'ns' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'a', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate' } },
          { name: 'a', port: 80, protocol: 'TCP', hostname: 'x.com' },
        ],
      },
    };
    const problems = validateOutput(gw).join('\n');
    expect(problems).toContain('Terminate without certificateRefs');
    expect(problems).toContain('listener name a repeated');
    expect(problems).toContain('hostname on TCP listener');
  });
});

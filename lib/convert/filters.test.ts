import { describe, expect, it } from 'vitest';
import type {
  CorsPolicy,
  HTTPRedirect,
  HTTPRewrite,
  IstioHeaders,
  IstioHTTPRoute,
} from '../model/istio/spec';
import { createContext } from './context';
import { corsFilter, originOf } from './cors';
import { headerFilters, mirrorFilters, redirectFilter, rewriteFilter } from './filters';
import type { PathMatch } from './gateway-api';
import { buildLookup } from './lookup';
import { service } from './testing/builders';

function ctx() {
  return createContext(
    buildLookup({ services: [service('web', 'ns'), service('shadow', 'ns')] }),
    'ns',
    'VirtualService/ns/vs',
  );
}
const codes = (c: ReturnType<typeof ctx>) => c.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`);

describe('headers: request/response set, add, remove', () => {
  it('maps each operation, sorted by name', () => {
    const c = ctx();
    const h: IstioHeaders = {
      request: { set: { 'x-b': '2', 'x-a': '1' }, add: { 'x-c': '3' }, remove: ['x-d', 'X-D'] },
      response: { remove: ['server'] },
    };
    expect(headerFilters(h, 'spec.http[0].headers', c)).toEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: {
          set: [
            { name: 'x-a', value: '1' },
            { name: 'x-b', value: '2' },
          ],
          add: [{ name: 'x-c', value: '3' }],
          remove: ['x-d'],
        },
      },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['server'] } },
    ]);
    expect(codes(c)).toEqual([]);
  });

  it('drops invalid names and empty values, notes Envoy variables', () => {
    const c = ctx();
    const out = headerFilters(
      { request: { set: { 'bad name': 'x', 'x-e': '', 'x-ip': '%DOWNSTREAM_REMOTE_ADDRESS%' } } },
      'spec.http[0].headers',
      c,
    );
    expect(out).toEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { set: [{ name: 'x-ip', value: '%DOWNSTREAM_REMOTE_ADDRESS%' }] },
      },
    ]);
    expect(codes(c)).toEqual([
      'warning spec.http[0].headers.request.set["bad name"] header-name-invalid',
      'warning spec.http[0].headers.request.set["x-e"] header-value-invalid',
      'info spec.http[0].headers.request.set["x-ip"] header-value-variable',
    ]);
  });
});

describe('redirect', () => {
  const cases: { name: string; in: HTTPRedirect; out: Record<string, unknown>; warnings?: string[] }[] = [
    {
      name: 'uri',
      in: { uri: '/new' },
      out: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 },
    },
    {
      name: 'authority with port',
      in: { authority: 'New.example.com:8443' },
      out: { hostname: 'new.example.com', port: 8443, statusCode: 301 },
    },
    {
      name: 'scheme and port',
      in: { scheme: 'HTTPS', port: 443 },
      out: { scheme: 'https', port: 443, statusCode: 301 },
    },
    { name: 'redirectCode', in: { redirectCode: 308 }, out: { statusCode: 308 } },
    {
      name: 'redirectCode not allowed',
      in: { redirectCode: 300 },
      out: { statusCode: 301 },
      warnings: ['warning r.redirectCode redirect-code'],
    },
    {
      name: 'scheme not http(s)',
      in: { scheme: 'ftp' },
      out: { statusCode: 301 },
      warnings: ['warning r.scheme redirect-scheme'],
    },
    {
      name: 'derivePort FROM_REQUEST_PORT',
      in: { derivePort: 'FROM_REQUEST_PORT' },
      out: { statusCode: 301 },
      warnings: ['warning r.derivePort redirect-derive-port'],
    },
    {
      name: 'derivePort FROM_PROTOCOL_DEFAULT',
      in: { derivePort: 'FROM_PROTOCOL_DEFAULT', scheme: 'https' },
      out: { scheme: 'https', statusCode: 301 },
    },
  ];
  for (const k of cases) {
    it(k.name, () => {
      const c = ctx();
      expect(redirectFilter(k.in, 'r', c)).toEqual({ type: 'RequestRedirect', requestRedirect: k.out });
      expect(codes(c)).toEqual(k.warnings ?? []);
    });
  }
});

describe('rewrite', () => {
  const prefix: PathMatch = { type: 'PathPrefix', value: '/api' };
  const exact: PathMatch = { type: 'Exact', value: '/a' };
  const regex: PathMatch = { type: 'RegularExpression', value: '/a.*' };
  const cases: { name: string; in: HTTPRewrite; path?: PathMatch; out: unknown; warnings?: string[] }[] = [
    {
      name: 'uri after a prefix match',
      in: { uri: '/v2' },
      path: prefix,
      out: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } },
    },
    {
      name: 'uri after an exact match',
      in: { uri: '/v2' },
      path: exact,
      out: { path: { type: 'ReplaceFullPath', replaceFullPath: '/v2' } },
    },
    {
      name: 'uri after a regex match',
      in: { uri: '/v2' },
      path: regex,
      out: { path: { type: 'ReplaceFullPath', replaceFullPath: '/v2' } },
      warnings: ['warning w.uri rewrite-full-path'],
    },
    { name: 'authority', in: { authority: 'Internal.svc' }, out: { hostname: 'internal.svc' } },
    {
      name: 'authority with port',
      in: { authority: 'a.b:8080' },
      out: { hostname: 'a.b' },
      warnings: ['warning w.authority rewrite-authority-port'],
    },
  ];
  for (const k of cases) {
    it(k.name, () => {
      const c = ctx();
      expect(rewriteFilter(k.in, k.path, 'w', c)).toEqual({ type: 'URLRewrite', urlRewrite: k.out });
      expect(codes(c)).toEqual(k.warnings ?? []);
    });
  }
  it('uriRegexRewrite is an error and writes nothing', () => {
    const c = ctx();
    expect(
      rewriteFilter({ uriRegexRewrite: { match: '^/a(.*)', rewrite: '/b\\1' } }, prefix, 'w', c),
    ).toBeUndefined();
    expect(codes(c)).toEqual(['error w.uriRegexRewrite uri-regex-rewrite']);
  });
});

describe('mirror and mirrors', () => {
  const cases: { name: string; in: IstioHTTPRoute; share: Record<string, unknown>[] }[] = [
    { name: 'mirror without percentage mirrors everything', in: { mirror: { host: 'shadow' } }, share: [{}] },
    {
      name: 'mirrorPercentage integer',
      in: { mirror: { host: 'shadow' }, mirrorPercentage: { value: 25 } },
      share: [{ percent: 25 }],
    },
    {
      name: 'mirrorPercentage fraction',
      in: { mirror: { host: 'shadow' }, mirrorPercentage: { value: 0.5 } },
      share: [{ fraction: { numerator: 1, denominator: 200 } }],
    },
    {
      name: 'deprecated mirrorPercent',
      in: { mirror: { host: 'shadow' }, mirrorPercent: 10 },
      share: [{ percent: 10 }],
    },
    {
      name: 'deprecated mirror_percent',
      in: { mirror: { host: 'shadow' }, mirror_percent: 0 },
      share: [{ percent: 0 }],
    },
    {
      name: 'mirrors with percentages',
      in: {
        mirrors: [
          { destination: { host: 'shadow' }, percentage: { value: 33.3 } },
          { destination: { host: 'web' } },
        ],
      },
      share: [{ fraction: { numerator: 333, denominator: 1000 } }, {}],
    },
  ];
  for (const k of cases) {
    it(k.name, () => {
      const out = mirrorFilters(k.in, 'spec.http[0]', ctx());
      expect(
        out.map((f) => (f.type === 'RequestMirror' ? { ...f.requestMirror, backendRef: undefined } : f)),
      ).toEqual(k.share.map((s) => ({ backendRef: undefined, ...s })));
      expect(out.every((f) => f.type === 'RequestMirror' && f.requestMirror.backendRef.port === 9080)).toBe(
        true,
      );
    });
  }
});

describe('corsPolicy', () => {
  it('maps every field', () => {
    const c = ctx();
    const policy: CorsPolicy = {
      allowOrigins: [
        { exact: 'https://a.example.com' },
        { regex: 'https://.*\\.example\\.com' },
        { prefix: 'https://' },
      ],
      allowOrigin: ['http://old.example.com'],
      allowMethods: ['get', 'POST', 'PURGE'],
      allowHeaders: ['content-type', 'content-type'],
      exposeHeaders: ['x-total'],
      maxAge: '24h',
      allowCredentials: true,
      unmatchedPreflights: 'IGNORE',
    };
    expect(corsFilter(policy, 'spec.http[0].corsPolicy', c)).toEqual({
      type: 'CORS',
      cors: {
        allowOrigins: ['http://old.example.com', 'https://a.example.com', 'https://*.example.com'],
        allowCredentials: true,
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['content-type'],
        exposeHeaders: ['x-total'],
        maxAge: 86400,
      },
    });
    expect(codes(c)).toEqual([
      'warning spec.http[0].corsPolicy.allowOrigins[2] cors-origin',
      'warning spec.http[0].corsPolicy.allowMethods[2] cors-method',
      'info spec.http[0].corsPolicy.unmatchedPreflights cors-unmatched-preflights',
    ]);
  });

  it.each([
    [{ exact: '*' }, '*'],
    [{ regex: '.*' }, '*'],
    [{ regex: 'https://.*\\.a\\.com:8443' }, 'https://*.a.com:8443'],
    [{ regex: 'https://(a|b)\\.com' }, undefined],
    [{ exact: 'a.com' }, undefined],
  ])('originOf(%o) = %s', (m, o) => expect(originOf(m)).toBe(o));
});

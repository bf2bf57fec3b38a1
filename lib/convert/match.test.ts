import { describe, expect, it } from 'vitest';
import type { HTTPMatchRequest } from '../model/istio/spec';
import { createContext } from './context';
import type { HTTPRouteMatch } from './gateway-api';
import { buildLookup } from './lookup';
import { convertHttpMatch } from './match';
import { escapeRegex, isValidPathValue } from './paths';

function run(m: HTTPMatchRequest) {
  const ctx = createContext(buildLookup({}), 'ns', 'VirtualService/ns/vs');
  const out = convertHttpMatch(m, 'spec.http[0].match[0]', ctx);
  return { out, warnings: ctx.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`) };
}

const ROOT = { type: 'PathPrefix', value: '/' } as const;

describe('convertHttpMatch: one case per Istio match field', () => {
  const cases: { name: string; in: HTTPMatchRequest; matches: HTTPRouteMatch[]; warnings?: string[] }[] = [
    { name: 'no condition', in: {}, matches: [{ path: ROOT }] },
    {
      name: 'uri.exact',
      in: { uri: { exact: '/login' } },
      matches: [{ path: { type: 'Exact', value: '/login' } }],
    },
    {
      name: 'uri.prefix not at a segment boundary',
      in: { uri: { prefix: '/api' } },
      matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
      warnings: ['warning spec.http[0].match[0].uri.prefix prefix-segment'],
    },
    {
      name: 'uri.prefix ending in /',
      in: { uri: { prefix: '/api/' } },
      matches: [{ path: { type: 'PathPrefix', value: '/api/' } }],
      warnings: ['info spec.http[0].match[0].uri.prefix prefix-trailing-slash'],
    },
    { name: 'uri.prefix /', in: { uri: { prefix: '/' } }, matches: [{ path: ROOT }] },
    { name: 'uri.prefix empty', in: { uri: { prefix: '' } }, matches: [{ path: ROOT }] },
    {
      name: 'uri.prefix that is no valid path',
      in: { uri: { prefix: 'v1//x' } },
      matches: [{ path: { type: 'RegularExpression', value: 'v1//x.*' } }],
      warnings: ['warning spec.http[0].match[0].uri.prefix path-not-valid'],
    },
    {
      name: 'uri.exact with a query string',
      in: { uri: { exact: '/a?b=1' } },
      matches: [{ path: { type: 'RegularExpression', value: '/a\\?b=1' } }],
      warnings: ['warning spec.http[0].match[0].uri.exact path-not-valid'],
    },
    {
      name: 'uri.regex',
      in: { uri: { regex: '/v[0-9]+/.*' } },
      matches: [{ path: { type: 'RegularExpression', value: '/v[0-9]+/.*' } }],
    },
    {
      name: 'ignoreUriCase with prefix',
      in: { uri: { prefix: '/Api' }, ignoreUriCase: true },
      matches: [{ path: { type: 'RegularExpression', value: '(?i)/Api.*' } }],
      warnings: ['warning spec.http[0].match[0].ignoreUriCase ignore-uri-case'],
    },
    {
      name: 'ignoreUriCase with exact',
      in: { uri: { exact: '/a.b' }, ignoreUriCase: true },
      matches: [{ path: { type: 'RegularExpression', value: '(?i)/a\\.b' } }],
      warnings: ['warning spec.http[0].match[0].ignoreUriCase ignore-uri-case'],
    },
    {
      name: 'headers exact and regex (sorted by name)',
      in: { headers: { 'x-version': { regex: 'v[12]' }, 'end-user': { exact: 'jason' } } },
      matches: [
        {
          path: ROOT,
          headers: [
            { type: 'Exact', name: 'end-user', value: 'jason' },
            { type: 'RegularExpression', name: 'x-version', value: 'v[12]' },
          ],
        },
      ],
    },
    {
      name: 'headers prefix becomes an escaped regex',
      in: { headers: { authorization: { prefix: 'Bearer a.b' } } },
      matches: [
        {
          path: ROOT,
          headers: [{ type: 'RegularExpression', name: 'authorization', value: 'Bearer a\\.b.*' }],
        },
      ],
      warnings: ['info spec.http[0].match[0].headers.authorization.prefix prefix-as-regex'],
    },
    {
      name: 'header presence match',
      in: { headers: { 'x-debug': {} } },
      matches: [{ path: ROOT, headers: [{ type: 'RegularExpression', name: 'x-debug', value: '.*' }] }],
      warnings: ['info spec.http[0].match[0].headers["x-debug"] presence-as-regex'],
    },
    {
      name: 'pseudo-header name is dropped',
      in: { headers: { ':authority': { exact: 'a' } } },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].headers[":authority"] match-name-invalid'],
    },
    {
      name: 'header value with a double space is dropped',
      in: { headers: { ua: { exact: 'a  b' } } },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].headers.ua match-value-invalid'],
    },
    {
      name: 'queryParams exact, regex, prefix',
      in: { queryParams: { a: { exact: '1' }, b: { regex: '[0-9]+' }, c: { prefix: 'x' } } },
      matches: [
        {
          path: ROOT,
          queryParams: [
            { type: 'Exact', name: 'a', value: '1' },
            { type: 'RegularExpression', name: 'b', value: '[0-9]+' },
            { type: 'RegularExpression', name: 'c', value: 'x.*' },
          ],
        },
      ],
      warnings: ['info spec.http[0].match[0].queryParams.c.prefix prefix-as-regex'],
    },
    { name: 'method exact', in: { method: { exact: 'POST' } }, matches: [{ path: ROOT, method: 'POST' }] },
    {
      name: 'method regex expands to one match per method',
      in: { method: { regex: 'GET|HEAD' } },
      matches: [
        { path: ROOT, method: 'GET' },
        { path: ROOT, method: 'HEAD' },
      ],
      warnings: ['info spec.http[0].match[0].method.regex method-pattern'],
    },
    {
      name: 'method prefix',
      in: { method: { prefix: 'P' } },
      matches: [
        { path: ROOT, method: 'POST' },
        { path: ROOT, method: 'PUT' },
        { path: ROOT, method: 'PATCH' },
      ],
      warnings: ['info spec.http[0].match[0].method.prefix method-pattern'],
    },
    {
      name: 'non-standard method is dropped',
      in: { method: { exact: 'PURGE' } },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].method.exact method-not-standard'],
    },
    {
      name: 'authority prefix',
      in: { authority: { prefix: 'a.' } },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].authority authority-match'],
    },
    {
      name: 'scheme',
      in: { scheme: { exact: 'https' } },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].scheme scheme-match'],
    },
    {
      name: 'sourceLabels',
      in: { sourceLabels: { app: 'x' } },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].sourceLabels source-labels'],
    },
    {
      name: 'sourceNamespace',
      in: { sourceNamespace: 'a' },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].sourceNamespace source-namespace'],
    },
    {
      name: 'withoutHeaders',
      in: { withoutHeaders: { 'x-a': { exact: '1' } } },
      matches: [{ path: ROOT }],
      warnings: ['error spec.http[0].match[0].withoutHeaders without-headers'],
    },
    {
      name: 'name',
      in: { name: 'm1' },
      matches: [{ path: ROOT }],
      warnings: ['info spec.http[0].match[0].name match-name'],
    },
    {
      name: 'statPrefix',
      in: { statPrefix: 's' },
      matches: [{ path: ROOT }],
      warnings: ['info spec.http[0].match[0].statPrefix stat-prefix'],
    },
    {
      name: 'port out of range',
      in: { port: 70000 },
      matches: [{ path: ROOT }],
      warnings: ['warning spec.http[0].match[0].port invalid-port'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { out, warnings } = run(c.in);
      expect(out.matches).toEqual(c.matches);
      expect(warnings).toEqual(c.warnings ?? []);
    });
  }

  it('keeps an exact authority as the match scope', () => {
    const { out, warnings } = run({ authority: { exact: 'A.example.com:8080' } });
    expect(out.scope).toEqual({ authority: 'a.example.com' });
    expect(warnings).toEqual(['info spec.http[0].match[0].authority.exact authority-port']);
  });

  it('keeps port and gateways as the match scope', () => {
    const { out } = run({ port: 8080, gateways: ['gw', 'mesh'] });
    expect(out.scope).toEqual({ port: 8080, gateways: ['gw', 'mesh'] });
  });

  it('marks HTTP-only conditions (query, method) for the gRPC decision', () => {
    expect(run({ queryParams: { a: { exact: '1' } } }).out.httpOnly).toBe(true);
    expect(run({ headers: { a: { exact: '1' } } }).out.httpOnly).toBe(false);
  });
});

describe('path helpers', () => {
  it.each([
    ['/a/b', true],
    ['/a//b', false],
    ['/a/./b', false],
    ['/a/..', false],
    ['a', false],
    ['/a%2fb', false],
    ['/a b', false],
    ['/a#b', false],
    ['/~user/x:y@z', true],
  ])('isValidPathValue(%s) = %s', (v, ok) => expect(isValidPathValue(v)).toBe(ok));

  it('escapes regex metacharacters', () => {
    expect(escapeRegex('a.b*c(d)[e]{f}|g^h$i\\j+k?')).toBe(
      'a\\.b\\*c\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\\\j\\+k\\?',
    );
    expect(new RegExp(`^${escapeRegex('/a.b?c')}$`).test('/a.b?c')).toBe(true);
  });
});

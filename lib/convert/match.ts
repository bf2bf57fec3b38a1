import type { HTTPMatchRequest, StringMatch } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { type HeaderMatch, type HTTPRouteMatch, LIMITS } from './gateway-api';
import { convertPath, escapeRegex } from './paths';
import { fieldPath } from './warnings';

/** Which parents of the VirtualService a match applies to (`gateways`, `port` in the Istio match). */
export interface MatchScope {
  /** Gateway keys (`ns/name` or `mesh`); undefined = every parent of the VirtualService. */
  gateways?: string[];
  port?: number;
  /** Exact `authority` (lowercased, port removed): gateway routes carry it as their hostname. */
  authority?: string;
}

export interface ConvertedMatch {
  /** Path of the Istio match (`spec.http[0].match[1]`). */
  source: string;
  /** One Gateway API match, or several when a method pattern expands to a list of methods. */
  matches: HTTPRouteMatch[];
  scope: MatchScope;
  /** The Istio URI match, kept for gRPC method matching. */
  uri?: StringMatch;
  /** True when the match uses HTTP-only conditions (method, query), which GRPCRoute cannot carry. */
  httpOnly: boolean;
}

export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
] as const;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const HEADER_VALUE = /^[!-~]+([\t ]?[!-~]+)*$/;

/** Converts header or query conditions; those that cannot be expressed are dropped and reported. */
function convertValueMatches(
  map: Record<string, StringMatch> | undefined,
  base: string,
  what: 'headers' | 'queryParams',
  ctx: ConvertContext,
): HeaderMatch[] {
  if (!map) return [];
  const out: HeaderMatch[] = [];
  const seen = new Set<string>();
  const maxValue = what === 'headers' ? LIMITS.headerValue : LIMITS.queryValue;
  for (const [name, sm] of Object.entries(map)) {
    const p = fieldPath(fieldPath(base, what), name);
    const key = what === 'headers' ? name.toLowerCase() : name;
    if (!HEADER_NAME.test(name) || name.length > 256) {
      ctx.report.add(
        'warning',
        p,
        'match-name-invalid',
        `"${name}" is not a valid Gateway API ${what === 'headers' ? 'header' : 'query parameter'} name; condition dropped, so the rule matches more requests`,
      );
      continue;
    }
    if (seen.has(key)) {
      ctx.report.add(
        'warning',
        p,
        'match-name-duplicate',
        `${name} is matched twice (names are case-insensitive); the second condition is dropped`,
      );
      continue;
    }
    let m: HeaderMatch;
    if (sm.exact !== undefined && sm.exact !== '') m = { type: 'Exact', name, value: sm.exact };
    else if (sm.exact === '') m = { type: 'RegularExpression', name, value: '^$' };
    else if (sm.prefix !== undefined) {
      m = { type: 'RegularExpression', name, value: `${escapeRegex(sm.prefix)}.*` };
      ctx.report.add(
        'info',
        fieldPath(p, 'prefix'),
        'prefix-as-regex',
        `Gateway API has no prefix match for ${what}; written as RegularExpression ${m.value}`,
      );
    } else if (sm.regex !== undefined && sm.regex !== '')
      m = { type: 'RegularExpression', name, value: sm.regex };
    else {
      m = { type: 'RegularExpression', name, value: '.*' };
      ctx.report.add(
        'info',
        p,
        'presence-as-regex',
        `presence match on ${name} written as RegularExpression .*`,
      );
    }
    if (m.value.length > maxValue || (what === 'headers' && !HEADER_VALUE.test(m.value))) {
      ctx.report.add(
        'warning',
        p,
        'match-value-invalid',
        `the value for ${name} is not a valid Gateway API match value; condition dropped, so the rule matches more requests`,
      );
      continue;
    }
    if (out.length >= LIMITS.headerMatches) {
      ctx.report.add(
        'error',
        p,
        'too-many-conditions',
        `more than ${LIMITS.headerMatches} ${what} conditions; this one is dropped`,
      );
      continue;
    }
    seen.add(key);
    out.push(m);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The standard methods a method condition allows; undefined = no restriction. */
function convertMethod(sm: StringMatch, path: string, ctx: ConvertContext): string[] | undefined {
  if (sm.exact !== undefined) {
    if ((HTTP_METHODS as readonly string[]).includes(sm.exact)) return [sm.exact];
    ctx.report.add(
      'warning',
      fieldPath(path, 'exact'),
      'method-not-standard',
      `method ${sm.exact} is not one Gateway API can match; condition dropped`,
    );
    return undefined;
  }
  const pattern = sm.prefix !== undefined ? `${escapeRegex(sm.prefix)}.*` : sm.regex;
  if (pattern === undefined) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    ctx.report.add(
      'warning',
      path,
      'method-pattern',
      `method pattern ${pattern} could not be evaluated; condition dropped`,
    );
    return undefined;
  }
  const methods = HTTP_METHODS.filter((m) => re.test(m));
  const field = fieldPath(path, sm.prefix !== undefined ? 'prefix' : 'regex');
  if (methods.length === HTTP_METHODS.length) {
    ctx.report.add(
      'info',
      field,
      'method-pattern',
      `method pattern ${pattern} allows every standard method; condition dropped`,
    );
    return undefined;
  }
  if (methods.length === 0) {
    ctx.report.add(
      'warning',
      field,
      'method-pattern',
      `method pattern ${pattern} matches no standard method; condition dropped`,
    );
    return undefined;
  }
  ctx.report.add(
    'info',
    field,
    'method-pattern',
    `method pattern ${pattern} expanded to one match per method: ${methods.join(', ')}`,
  );
  return methods;
}

const HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The hostname of an exact authority match (port removed); undefined for other forms. */
export function authorityHost(a: StringMatch): string | undefined {
  if (a.exact === undefined) return undefined;
  const host = a.exact.toLowerCase().replace(/:\d+$/, '');
  return HOSTNAME.test(host) && host.length <= 253 ? host : undefined;
}

function reportDropped(m: HTTPMatchRequest, base: string, ctx: ConvertContext): void {
  const add = (
    field: keyof HTTPMatchRequest,
    severity: 'error' | 'warning' | 'info',
    code: string,
    message: string,
  ) => {
    if (m[field] !== undefined) ctx.report.add(severity, fieldPath(base, field), code, message);
  };
  if (m.authority && authorityHost(m.authority) === undefined) {
    add(
      'authority',
      'warning',
      'authority-match',
      'only an exact authority has a Gateway API form (route hostnames); this one is dropped, the rule matches every hostname of the route',
    );
  }
  add(
    'scheme',
    'warning',
    'scheme-match',
    'scheme match has no Gateway API form; the rule matches both schemes',
  );
  add(
    'sourceLabels',
    'warning',
    'source-labels',
    'sourceLabels match has no Gateway API form (waypoints do not see the client labels); the rule matches every client',
  );
  add(
    'sourceNamespace',
    'warning',
    'source-namespace',
    'sourceNamespace match has no Gateway API form; the rule matches every client',
  );
  add(
    'withoutHeaders',
    'error',
    'without-headers',
    'withoutHeaders (negative header match) has no Gateway API form; the rule now matches requests it excluded',
  );
  add(
    'name',
    'info',
    'match-name',
    'match name has no Gateway API field (rule names exist per rule, not per match)',
  );
  add('statPrefix', 'info', 'stat-prefix', 'statPrefix has no Gateway API form');
}

/** Converts one Istio HTTP match; conditions Gateway API cannot express are dropped and reported. */
export function convertHttpMatch(m: HTTPMatchRequest, base: string, ctx: ConvertContext): ConvertedMatch {
  reportDropped(m, base, ctx);
  const scope: MatchScope = {};
  if (m.gateways && m.gateways.length > 0) scope.gateways = m.gateways;
  if (m.port !== undefined) {
    if (m.port >= 1 && m.port <= 65535) scope.port = m.port;
    else
      ctx.report.add(
        'warning',
        fieldPath(base, 'port'),
        'invalid-port',
        `port ${m.port} is out of range; condition dropped`,
      );
  }
  const authority = m.authority ? authorityHost(m.authority) : undefined;
  if (authority) {
    scope.authority = authority;
    if (m.authority?.exact !== authority) {
      ctx.report.add(
        'info',
        fieldPath(fieldPath(base, 'authority'), 'exact'),
        'authority-port',
        `route hostnames ignore ports and case: matched as ${authority}`,
      );
    }
  }
  const match: HTTPRouteMatch = {};
  const path = convertPath(m, base, ctx);
  if (path) match.path = path;
  const headers = convertValueMatches(m.headers, base, 'headers', ctx);
  if (headers.length) match.headers = headers;
  const query = convertValueMatches(m.queryParams, base, 'queryParams', ctx);
  if (query.length) match.queryParams = query;
  const methods = m.method ? convertMethod(m.method, fieldPath(base, 'method'), ctx) : undefined;
  const matches = methods ? methods.map((method) => ({ ...match, method })) : [match];
  const out: ConvertedMatch = {
    source: base,
    matches,
    scope,
    httpOnly: query.length > 0 || methods !== undefined,
  };
  if (m.uri) out.uri = m.uri;
  if (m.ignoreUriCase) out.httpOnly = true;
  return out;
}

import type {
  HeaderOperations,
  HTTPRedirect,
  HTTPRewrite,
  IstioHeaders,
  IstioHTTPRoute,
} from '../model/istio/spec';
import { resolveDestination } from './backends';
import type { ConvertContext } from './context';
import { type HeaderModifier, type HTTPRouteFilter, LIMITS, type PathMatch } from './gateway-api';
import { fieldPath } from './warnings';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const HEADER_VALUE = /^[!-~]+([\t ]?[!-~]+)*$/;
const REDIRECT_HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function headerModifier(
  ops: HeaderOperations,
  base: string,
  ctx: ConvertContext,
): HeaderModifier | undefined {
  const out: HeaderModifier = {};
  for (const verb of ['set', 'add'] as const) {
    const map = ops[verb];
    if (!map) continue;
    const list: { name: string; value: string }[] = [];
    for (const [name, value] of Object.entries(map)) {
      const p = fieldPath(fieldPath(base, verb), name);
      if (!HEADER_NAME.test(name)) {
        ctx.report.add(
          'warning',
          p,
          'header-name-invalid',
          `"${name}" is not a valid Gateway API header name; dropped`,
        );
      } else if (value === '' || value.length > LIMITS.headerValue || !HEADER_VALUE.test(value)) {
        ctx.report.add(
          'warning',
          p,
          'header-value-invalid',
          `the value of ${name} is empty or not a valid Gateway API header value; dropped`,
        );
      } else if (list.some((h) => h.name.toLowerCase() === name.toLowerCase())) {
        ctx.report.add(
          'warning',
          p,
          'header-duplicate',
          `${name} is listed twice (names are case-insensitive); dropped`,
        );
      } else if (list.length >= LIMITS.headerOps) {
        ctx.report.add(
          'error',
          p,
          'too-many-headers',
          `more than ${LIMITS.headerOps} headers to ${verb}; dropped`,
        );
      } else {
        if (/%[A-Z_]+(\(.*\))?%/.test(value)) {
          ctx.report.add(
            'info',
            p,
            'header-value-variable',
            `the value of ${name} uses an Envoy variable, which only Envoy-based implementations expand`,
          );
        }
        list.push({ name, value });
      }
    }
    if (list.length) out[verb] = list.sort(byName);
  }
  if (ops.remove) {
    const seen = new Set<string>();
    ops.remove.forEach((name, i) => {
      const p = fieldPath(fieldPath(base, 'remove'), i);
      if (!HEADER_NAME.test(name))
        ctx.report.add(
          'warning',
          p,
          'header-name-invalid',
          `"${name}" is not a valid Gateway API header name; dropped`,
        );
      else if (seen.size >= LIMITS.headerOps)
        ctx.report.add(
          'error',
          p,
          'too-many-headers',
          `more than ${LIMITS.headerOps} headers to remove; dropped`,
        );
      else seen.add(name.toLowerCase());
    });
    if (seen.size) out.remove = [...seen].sort();
  }
  return out.set || out.add || out.remove ? out : undefined;
}

/** Istio `headers.request` / `headers.response` to header modifier filters. */
export function headerFilters(
  h: IstioHeaders | undefined,
  base: string,
  ctx: ConvertContext,
): HTTPRouteFilter[] {
  const out: HTTPRouteFilter[] = [];
  if (h?.request) {
    const m = headerModifier(h.request, fieldPath(base, 'request'), ctx);
    if (m) out.push({ type: 'RequestHeaderModifier', requestHeaderModifier: m });
  }
  if (h?.response) {
    const m = headerModifier(h.response, fieldPath(base, 'response'), ctx);
    if (m) out.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: m });
  }
  return out;
}

/** Splits `host[:port]`; the host lowercased. */
function splitAuthority(a: string): { host: string; port?: number } {
  const m = /^(.*):(\d+)$/.exec(a);
  return m ? { host: (m[1] ?? '').toLowerCase(), port: Number(m[2]) } : { host: a.toLowerCase() };
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** Istio `redirect` to a RequestRedirect filter (Istio's default code is 301, Gateway API's 302: always written). */
export function redirectFilter(r: HTTPRedirect, base: string, ctx: ConvertContext): HTTPRouteFilter {
  const rr: Extract<HTTPRouteFilter, { type: 'RequestRedirect' }>['requestRedirect'] = {};
  if (r.scheme !== undefined) {
    const s = r.scheme.toLowerCase();
    if (s === 'http' || s === 'https') rr.scheme = s;
    else
      ctx.report.add(
        'warning',
        fieldPath(base, 'scheme'),
        'redirect-scheme',
        `redirect scheme ${r.scheme} is not http or https; dropped`,
      );
  }
  let port = r.port;
  if (r.authority !== undefined) {
    const a = splitAuthority(r.authority);
    if (REDIRECT_HOST.test(a.host) && a.host.length <= 253) rr.hostname = a.host;
    else
      ctx.report.add(
        'warning',
        fieldPath(base, 'authority'),
        'redirect-authority',
        `redirect authority ${r.authority} is not a valid hostname; dropped`,
      );
    if (a.port !== undefined && port === undefined) port = a.port;
  }
  if (r.uri !== undefined) {
    if (r.uri.length <= LIMITS.pathValue) rr.path = { type: 'ReplaceFullPath', replaceFullPath: r.uri };
    else
      ctx.report.add('error', fieldPath(base, 'uri'), 'path-too-long', 'redirect uri is too long; dropped');
  }
  if (port !== undefined) {
    if (port >= 1 && port <= 65535) rr.port = port;
    else
      ctx.report.add(
        'warning',
        fieldPath(base, 'port'),
        'invalid-port',
        `redirect port ${port} is out of range; dropped`,
      );
  }
  if (r.derivePort === 'FROM_REQUEST_PORT') {
    ctx.report.add(
      'warning',
      fieldPath(base, 'derivePort'),
      'redirect-derive-port',
      'derivePort FROM_REQUEST_PORT has no Gateway API form; without a scheme the listener port is used, with one the scheme default',
    );
  }
  const code = r.redirectCode ?? 301;
  if (REDIRECT_CODES.has(code)) rr.statusCode = code;
  else {
    rr.statusCode = 301;
    ctx.report.add(
      'warning',
      fieldPath(base, 'redirectCode'),
      'redirect-code',
      `redirect code ${code} is not allowed by Gateway API (301, 302, 303, 307, 308); 301 used`,
    );
  }
  return { type: 'RequestRedirect', requestRedirect: rr };
}

/**
 * Istio `rewrite` to a URLRewrite filter for one match's path. Istio replaces the matched prefix
 * (Envoy prefix_rewrite); for a segment PathPrefix that is ReplacePrefixMatch, otherwise the full path.
 */
export function rewriteFilter(
  r: HTTPRewrite,
  path: PathMatch | undefined,
  base: string,
  ctx: ConvertContext,
): HTTPRouteFilter | undefined {
  const rw: Extract<HTTPRouteFilter, { type: 'URLRewrite' }>['urlRewrite'] = {};
  if (r.authority !== undefined) {
    const a = splitAuthority(r.authority);
    if (REDIRECT_HOST.test(a.host) && a.host.length <= 253) rw.hostname = a.host;
    else
      ctx.report.add(
        'warning',
        fieldPath(base, 'authority'),
        'rewrite-authority',
        `rewrite authority ${r.authority} is not a valid hostname; dropped`,
      );
    if (a.port !== undefined)
      ctx.report.add(
        'warning',
        fieldPath(base, 'authority'),
        'rewrite-authority-port',
        'URLRewrite hostname cannot carry a port; the port is dropped',
      );
  }
  if (r.uri !== undefined) {
    const p = fieldPath(base, 'uri');
    if (r.uri.length > LIMITS.pathValue)
      ctx.report.add('error', p, 'path-too-long', 'rewrite uri is too long; dropped');
    else if (!path || path.type === 'PathPrefix')
      rw.path = { type: 'ReplacePrefixMatch', replacePrefixMatch: r.uri };
    else {
      rw.path = { type: 'ReplaceFullPath', replaceFullPath: r.uri };
      if (path.type === 'RegularExpression') {
        ctx.report.add(
          'warning',
          p,
          'rewrite-full-path',
          'with a regular-expression path match the whole path is replaced (ReplaceFullPath); Istio replaced the matched prefix',
        );
      }
    }
  }
  if (r.uriRegexRewrite !== undefined) {
    ctx.report.add(
      'error',
      fieldPath(base, 'uriRegexRewrite'),
      'uri-regex-rewrite',
      'uriRegexRewrite has no Gateway API form; the path is not rewritten',
    );
  }
  return rw.hostname || rw.path ? { type: 'URLRewrite', urlRewrite: rw } : undefined;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function mirrorShare(value: number | undefined): {
  percent?: number;
  fraction?: { numerator: number; denominator: number };
} {
  if (value === undefined || value >= 100) return {};
  if (value <= 0) return { percent: 0 };
  if (Number.isInteger(value)) return { percent: value };
  const numerator = Math.round(value * 10_000);
  const g = gcd(numerator, 1_000_000);
  return { fraction: { numerator: numerator / g, denominator: 1_000_000 / g } };
}

/** `mirror` (+ its percentage fields) and `mirrors[]` to RequestMirror filters. */
export function mirrorFilters(rule: IstioHTTPRoute, base: string, ctx: ConvertContext): HTTPRouteFilter[] {
  const out: HTTPRouteFilter[] = [];
  if (rule.mirror) {
    const value = rule.mirrorPercentage?.value ?? rule.mirrorPercent ?? rule.mirror_percent;
    const b = resolveDestination(rule.mirror, fieldPath(base, 'mirror'), ctx, 'http');
    out.push({ type: 'RequestMirror', requestMirror: { backendRef: b.ref, ...mirrorShare(value) } });
  }
  (rule.mirrors ?? []).forEach((m, i) => {
    const p = fieldPath(fieldPath(base, 'mirrors'), i);
    if (!m.destination) {
      ctx.report.add('warning', p, 'mirror-no-destination', 'mirror without a destination; dropped');
      return;
    }
    const b = resolveDestination(m.destination, fieldPath(p, 'destination'), ctx, 'http');
    out.push({
      type: 'RequestMirror',
      requestMirror: { backendRef: b.ref, ...mirrorShare(m.percentage?.value) },
    });
  });
  return out;
}

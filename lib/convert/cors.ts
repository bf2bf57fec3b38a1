import type { CorsPolicy, StringMatch } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { parseDuration } from './durations';
import { type CorsFilter, type HTTPRouteFilter, LIMITS } from './gateway-api';
import { HTTP_METHODS } from './match';
import { fieldPath } from './warnings';

const ORIGIN = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
// `https?://.*\.example\.com` style regexes are the common way to allow every subdomain.
const SUBDOMAIN_REGEX =
  /^\^?(https?):\/\/(?:\.\*|\.\+|\[\^\/\]\+|\[\^\.\]\+)\\\.((?:[a-zA-Z0-9-]+\\\.)*[a-zA-Z0-9-]+)(?::(\d{1,5}))?\$?$/;

/** One Istio origin match as a Gateway API origin (`*`, `https://a.b`, `https://*.b`); undefined if it has no such form. */
export function originOf(m: StringMatch): string | undefined {
  if (m.exact !== undefined) return ORIGIN.test(m.exact) ? m.exact : undefined;
  if (m.regex !== undefined) {
    if (m.regex === '.*' || m.regex === '.+' || m.regex === '^.*$') return '*';
    const sub = SUBDOMAIN_REGEX.exec(m.regex);
    if (sub) {
      const origin = `${sub[1]}://*.${(sub[2] ?? '').replace(/\\\./g, '.')}${sub[3] ? `:${sub[3]}` : ''}`;
      return ORIGIN.test(origin) ? origin : undefined;
    }
  }
  return undefined;
}

function uniqueList(values: string[], star: boolean): string[] {
  const list = [...new Set(values)];
  return star && list.includes('*') ? ['*'] : list;
}

/** Istio `corsPolicy` to a CORS filter (standard in Gateway API v1.6). */
export function corsFilter(c: CorsPolicy, base: string, ctx: ConvertContext): HTTPRouteFilter | undefined {
  const cors: CorsFilter = {};
  const origins: string[] = [];
  (c.allowOrigin ?? []).forEach((o, i) => {
    if (ORIGIN.test(o)) origins.push(o);
    else
      ctx.report.add(
        'warning',
        fieldPath(fieldPath(base, 'allowOrigin'), i),
        'cors-origin',
        `origin ${o} has no Gateway API form; dropped`,
      );
  });
  (c.allowOrigins ?? []).forEach((m, i) => {
    const o = originOf(m);
    if (o) origins.push(o);
    else {
      ctx.report.add(
        'warning',
        fieldPath(fieldPath(base, 'allowOrigins'), i),
        'cors-origin',
        'only exact origins, * and https://*.domain patterns have a Gateway API form; this origin is dropped',
      );
    }
  });
  if (origins.length) cors.allowOrigins = uniqueList(origins, true).slice(0, LIMITS.corsList);
  if (c.allowCredentials !== undefined) cors.allowCredentials = c.allowCredentials;
  if (c.allowMethods) {
    const methods: string[] = [];
    c.allowMethods.forEach((m, i) => {
      const up = m.toUpperCase();
      if (up === '*' || (HTTP_METHODS as readonly string[]).includes(up)) methods.push(up);
      else
        ctx.report.add(
          'warning',
          fieldPath(fieldPath(base, 'allowMethods'), i),
          'cors-method',
          `method ${m} is not one Gateway API allows; dropped`,
        );
    });
    if (methods.length) cors.allowMethods = uniqueList(methods, true);
  }
  for (const key of ['allowHeaders', 'exposeHeaders'] as const) {
    const list = c[key];
    if (!list) continue;
    const names: string[] = [];
    list.forEach((h, i) => {
      if (HEADER_NAME.test(h) && h.length <= 256) names.push(h);
      else
        ctx.report.add(
          'warning',
          fieldPath(fieldPath(base, key), i),
          'cors-header',
          `"${h}" is not a valid header name; dropped`,
        );
    });
    if (names.length) cors[key] = uniqueList(names, key === 'allowHeaders').slice(0, LIMITS.corsList);
  }
  if (c.maxAge !== undefined) {
    const d = parseDuration(c.maxAge);
    if (d) cors.maxAge = Math.max(1, Math.ceil(d.ms / 1000));
    else
      ctx.report.add(
        'warning',
        fieldPath(base, 'maxAge'),
        'invalid-duration',
        `maxAge ${c.maxAge} is not a duration; dropped`,
      );
  }
  if (c.unmatchedPreflights !== undefined && c.unmatchedPreflights !== 'UNSPECIFIED') {
    ctx.report.add(
      'info',
      fieldPath(base, 'unmatchedPreflights'),
      'cors-unmatched-preflights',
      'unmatchedPreflights has no Gateway API form; the implementation default applies',
    );
  }
  if (Object.keys(cors).length === 0) {
    ctx.report.add(
      'warning',
      base,
      'cors-empty',
      'nothing of this corsPolicy has a Gateway API form; no CORS filter written',
    );
    return undefined;
  }
  return { type: 'CORS', cors };
}

import type { HTTPMatchRequest } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { LIMITS, type PathMatch } from './gateway-api';
import { fieldPath } from './warnings';

const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/** Escapes a literal for RE2 (and JavaScript) regular expressions. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `v` passes the HTTPRoute CEL rules for `Exact` and `PathPrefix` path values. */
export function isValidPathValue(v: string): boolean {
  return (
    v.startsWith('/') &&
    v.length <= LIMITS.pathValue &&
    !v.includes('//') &&
    !v.includes('/./') &&
    !v.includes('/../') &&
    !/%2f/i.test(v) &&
    !v.includes('#') &&
    !v.endsWith('/..') &&
    !v.endsWith('/.') &&
    PATH_CHARS.test(v)
  );
}

/** True when an Istio string prefix means the same as a Gateway API segment prefix. */
export function prefixIsSegmentAligned(prefix: string): boolean {
  return prefix === '/' || prefix.endsWith('/');
}

function regexPath(value: string, path: string, ctx: ConvertContext): PathMatch | undefined {
  if (value.length > LIMITS.pathValue) {
    ctx.report.add(
      'error',
      path,
      'path-too-long',
      `path pattern longer than ${LIMITS.pathValue} characters; condition dropped`,
    );
    return undefined;
  }
  return { type: 'RegularExpression', value };
}

/** Istio `uri` (+ `ignoreUriCase`) to a path match; the prefix behaviour is documented in docs/conversion.md. */
export function convertPath(m: HTTPMatchRequest, base: string, ctx: ConvertContext): PathMatch | undefined {
  const uri = m.uri;
  const uriPath = fieldPath(base, 'uri');
  const icase = m.ignoreUriCase === true;
  if (icase && !uri)
    ctx.report.add(
      'info',
      fieldPath(base, 'ignoreUriCase'),
      'ignore-uri-case',
      'ignoreUriCase without a uri match has no effect',
    );
  if (!uri || (uri.exact === undefined && uri.prefix === undefined && uri.regex === undefined)) {
    return { type: 'PathPrefix', value: '/' };
  }
  const caseNote = () =>
    ctx.report.add(
      'warning',
      fieldPath(base, 'ignoreUriCase'),
      'ignore-uri-case',
      'Gateway API has no case-insensitive path match; written as a RegularExpression with (?i), which Istio (RE2) honours but other implementations may not',
    );
  if (uri.exact !== undefined) {
    const p = fieldPath(uriPath, 'exact');
    if (icase) {
      caseNote();
      return regexPath(`(?i)${escapeRegex(uri.exact)}`, p, ctx);
    }
    if (isValidPathValue(uri.exact)) return { type: 'Exact', value: uri.exact };
    ctx.report.add(
      'warning',
      p,
      'path-not-valid',
      `"${uri.exact}" is not a valid Gateway API path; written as an equivalent RegularExpression`,
    );
    return regexPath(escapeRegex(uri.exact), p, ctx);
  }
  if (uri.prefix !== undefined) {
    const p = fieldPath(uriPath, 'prefix');
    if (icase) {
      caseNote();
      return regexPath(`(?i)${escapeRegex(uri.prefix)}.*`, p, ctx);
    }
    if (uri.prefix === '' || uri.prefix === '/') return { type: 'PathPrefix', value: '/' };
    if (!isValidPathValue(uri.prefix)) {
      ctx.report.add(
        'warning',
        p,
        'path-not-valid',
        `"${uri.prefix}" is not a valid Gateway API path; written as an equivalent RegularExpression`,
      );
      return regexPath(`${escapeRegex(uri.prefix)}.*`, p, ctx);
    }
    if (prefixIsSegmentAligned(uri.prefix)) {
      ctx.report.add(
        'info',
        p,
        'prefix-trailing-slash',
        `PathPrefix ${uri.prefix} also matches ${uri.prefix.replace(/\/+$/, '')} (no trailing slash), which the Istio prefix did not`,
      );
    } else {
      ctx.report.add(
        'warning',
        p,
        'prefix-segment',
        `Istio prefix ${uri.prefix} is a string prefix (it also matched ${uri.prefix}x...); PathPrefix matches whole path segments only (${uri.prefix} and ${uri.prefix}/...)`,
      );
    }
    return { type: 'PathPrefix', value: uri.prefix };
  }
  const regex = uri.regex ?? '';
  if (icase) caseNote();
  return regexPath(icase ? `(?i)${regex}` : regex, fieldPath(uriPath, 'regex'), ctx);
}

import type { IstioHTTPRoute } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { formatDuration, parseDuration } from './durations';
import type { HTTPRouteRule } from './gateway-api';
import { fieldPath } from './warnings';

// Defined 5xx codes (IANA): what Envoy's `5xx` retry condition covers among real responses.
const CODES_5XX = [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511];
const RETRY_ON_CODES: Record<string, number[]> = {
  '5xx': CODES_5XX,
  'gateway-error': [502, 503, 504],
  'retriable-4xx': [409],
};

function duration(value: string, field: string, ctx: ConvertContext): number | undefined {
  const d = parseDuration(value);
  if (!d) {
    ctx.report.add('warning', field, 'invalid-duration', `${value} is not a duration; dropped`);
    return undefined;
  }
  if (d.rounded)
    ctx.report.add('info', field, 'duration-rounded', `${value} rounded up to whole milliseconds`);
  return d.ms;
}

/** Istio `timeout` and `retries.perTryTimeout` to `timeouts.request` / `timeouts.backendRequest`. */
export function timeoutsOf(
  rule: IstioHTTPRoute,
  base: string,
  ctx: ConvertContext,
): HTTPRouteRule['timeouts'] {
  const request =
    rule.timeout !== undefined ? duration(rule.timeout, fieldPath(base, 'timeout'), ctx) : undefined;
  const perTryField = fieldPath(fieldPath(base, 'retries'), 'perTryTimeout');
  let backend =
    rule.retries?.perTryTimeout !== undefined
      ? duration(rule.retries.perTryTimeout, perTryField, ctx)
      : undefined;
  if (backend === 0) backend = undefined;
  if (backend !== undefined && ctx.lookup.opts.channel !== 'experimental') {
    // Without a `retry` (experimental channel), Istio takes backendRequest as the whole route timeout.
    ctx.report.add(
      'warning',
      perTryField,
      'per-try-timeout-dropped',
      'perTryTimeout needs HTTPRoute retry (experimental channel); not carried: as backendRequest alone Istio would use it as the route timeout',
    );
    backend = undefined;
  }
  if (request !== undefined && request > 0 && backend !== undefined && backend > request) {
    ctx.report.add(
      'warning',
      perTryField,
      'per-try-timeout-clamped',
      'Gateway API requires backendRequest <= request timeout; perTryTimeout lowered to the route timeout',
    );
    backend = request;
  }
  if (request === undefined && backend === undefined) return undefined;
  return {
    ...(request !== undefined ? { request: formatDuration(request) } : {}),
    ...(backend !== undefined ? { backendRequest: formatDuration(backend) } : {}),
  };
}

/** Istio `retries` to the experimental `retry` field, or a warning on the standard channel. */
export function retryOf(rule: IstioHTTPRoute, base: string, ctx: ConvertContext): HTTPRouteRule['retry'] {
  const r = rule.retries;
  if (!r) return undefined;
  const p = fieldPath(base, 'retries');
  if (r.retryRemoteLocalities !== undefined)
    ctx.report.add(
      'info',
      fieldPath(p, 'retryRemoteLocalities'),
      'retry-option',
      'retryRemoteLocalities has no Gateway API form',
    );
  if (r.retryIgnorePreviousHosts !== undefined) {
    ctx.report.add(
      'info',
      fieldPath(p, 'retryIgnorePreviousHosts'),
      'retry-option',
      'retryIgnorePreviousHosts has no Gateway API form',
    );
  }
  if (r.attempts === undefined && r.retryOn === undefined && r.backoff === undefined) return undefined;
  if (ctx.lookup.opts.channel !== 'experimental') {
    ctx.report.add(
      'warning',
      p,
      'retries-experimental',
      'HTTPRoute retry is in the experimental channel only; not carried (convert with --channel experimental); the implementation default retry policy applies',
    );
    return undefined;
  }
  if (r.attempts !== undefined && r.attempts < 1) {
    ctx.report.add(
      'info',
      fieldPath(p, 'attempts'),
      'retries-disabled',
      'attempts 0 disabled retries; Gateway API cannot disable them, the implementation default applies',
    );
    return undefined;
  }
  const retry: NonNullable<HTTPRouteRule['retry']> = {};
  if (r.attempts !== undefined) retry.attempts = Math.floor(r.attempts);
  if (r.backoff !== undefined) {
    const ms = duration(r.backoff, fieldPath(p, 'backoff'), ctx);
    if (ms !== undefined && ms > 0) retry.backoff = formatDuration(ms);
  }
  if (r.retryOn !== undefined) {
    const codes = new Set<number>();
    const dropped: string[] = [];
    for (const raw of r.retryOn.split(',')) {
      const cond = raw.trim();
      if (!cond) continue;
      if (/^\d{3}$/.test(cond) && Number(cond) >= 400 && Number(cond) <= 599) codes.add(Number(cond));
      else if (RETRY_ON_CODES[cond]) for (const c of RETRY_ON_CODES[cond]) codes.add(c);
      else dropped.push(cond);
    }
    if (codes.size) retry.codes = [...codes].sort((a, b) => a - b);
    if (dropped.length) {
      ctx.report.add(
        'info',
        fieldPath(p, 'retryOn'),
        'retry-on',
        `retry conditions ${dropped.join(', ')} have no Gateway API form (only status codes); the implementation decides`,
      );
    }
  }
  return retry;
}

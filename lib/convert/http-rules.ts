import type { IstioHTTPRoute, StringMatch } from '../model/istio/spec';
import { resolveDestination } from './backends';
import type { ConvertContext } from './context';
import { corsFilter } from './cors';
import { headerFilters, mirrorFilters, redirectFilter, rewriteFilter } from './filters';
import {
  type BackendRef,
  type HTTPRouteFilter,
  type HTTPRouteMatch,
  type HTTPRouteRule,
  LIMITS,
} from './gateway-api';
import { convertHttpMatch, type MatchScope } from './match';
import { retryOf, timeoutsOf } from './policies';
import { fieldPath } from './warnings';

/** One Gateway API match with where it came from and which parents it applies to. */
export interface MatchIR {
  source: string;
  match: HTTPRouteMatch;
  scope: MatchScope;
  uri?: StringMatch;
  httpOnly: boolean;
}

/** An HTTP rule on its way to HTTPRoute or GRPCRoute: one Istio rule gives one or more of these. */
export interface RuleIR {
  /** Path of the Istio rule (`spec.http[2]`). */
  source: string;
  /** The Istio rule had no match: it catches every request (written as PathPrefix /). */
  catchAll: boolean;
  /** Sanitised Istio rule name, if any. */
  name?: string;
  matches: MatchIR[];
  filters: HTTPRouteFilter[];
  backendRefs: BackendRef[];
  timeouts?: HTTPRouteRule['timeouts'];
  retry?: HTTPRouteRule['retry'];
  /** Every backend is a port declared as gRPC. */
  grpcBackends: boolean;
}

const CATCH_ALL: HTTPRouteMatch = { path: { type: 'PathPrefix', value: '/' } };

function backendsOf(
  rule: IstioHTTPRoute,
  base: string,
  ctx: ConvertContext,
): { refs: BackendRef[]; grpc: boolean } {
  const dests = (rule.route ?? []).map((d, j) => ({ d, p: fieldPath(fieldPath(base, 'route'), j) }));
  const usable = dests.filter(({ d, p }) => {
    if (!d.destination)
      ctx.report.add('warning', p, 'route-no-destination', 'route entry without destination.host; dropped');
    return d.destination !== undefined;
  });
  const weighted = usable.length > 1 && usable.some(({ d }) => (d.weight ?? 0) > 0);
  if (usable.length > 1 && !weighted) {
    ctx.report.add(
      'info',
      fieldPath(base, 'route'),
      'weights-even',
      'no destination has a weight; Gateway API splits traffic evenly',
    );
  }
  let grpc = usable.length > 0;
  const refs: BackendRef[] = [];
  for (const { d, p } of usable) {
    if (refs.length >= LIMITS.backendRefs) {
      ctx.report.add(
        'error',
        p,
        'too-many-backends',
        `more than ${LIMITS.backendRefs} destinations; dropped`,
      );
      continue;
    }
    if (!d.destination) continue;
    const b = resolveDestination(d.destination, fieldPath(p, 'destination'), ctx, 'http');
    grpc &&= b.grpc;
    const ref: BackendRef = { ...b.ref };
    if (weighted) ref.weight = Math.max(0, Math.min(1_000_000, Math.floor(d.weight ?? 0)));
    const filters = headerFilters(d.headers, fieldPath(p, 'headers'), ctx);
    if (filters.length) ref.filters = filters;
    refs.push(ref);
  }
  return { refs, grpc };
}

function reportUnsupported(rule: IstioHTTPRoute, base: string, ctx: ConvertContext): void {
  if (rule.fault !== undefined) {
    ctx.report.add(
      'error',
      fieldPath(base, 'fault'),
      'fault',
      'fault injection has no Gateway API form; no delays or aborts are injected',
    );
  }
  if (rule.redirect && rule.route?.length) {
    ctx.report.add(
      'warning',
      fieldPath(base, 'route'),
      'redirect-and-route',
      'a rule cannot both redirect and route; the route is dropped',
    );
  }
  if (rule.redirect && rule.rewrite) {
    ctx.report.add(
      'warning',
      fieldPath(base, 'rewrite'),
      'redirect-and-rewrite',
      'a rule cannot both redirect and rewrite; the rewrite is dropped',
    );
  }
}

/**
 * Converts `spec.http[index]`. A prefix rewrite needs exactly one PathPrefix match per rule, so
 * such a rule is split into one rule per match; others stay one rule.
 */
export function convertHttpRule(
  rule: IstioHTTPRoute,
  index: number,
  ctx: ConvertContext,
  ruleName?: string,
  /** Where each match is in the source (delegate rules inlined into a root: merged matches). */
  matchPaths?: string[],
): RuleIR[] {
  const base = fieldPath(fieldPath('spec', 'http'), index);
  if (rule.delegate) {
    ctx.report.add(
      'error',
      fieldPath(base, 'delegate'),
      'delegate',
      'delegation has no Gateway API form; convert the delegate VirtualService into this route by hand. Rule dropped',
    );
    return [];
  }
  // `match` given as a mapping: read as the one match it most likely means, never as a catch-all.
  const given = rule.matchMapping
    ? [{ m: rule.matchMapping, path: fieldPath(base, 'match') }]
    : (rule.match ?? []).map((m, j) => ({
        m,
        path: matchPaths?.[j] ?? fieldPath(fieldPath(base, 'match'), j),
      }));
  if (rule.matchMapping)
    ctx.report.add(
      'error',
      fieldPath(base, 'match'),
      'match-not-list',
      'match is a mapping, not a list (the Istio API server refuses it); read as a list of this one match, check that it is what was meant',
    );
  const catchAll = given.length === 0;
  const matches: MatchIR[] = catchAll
    ? [{ source: base, match: CATCH_ALL, scope: {}, httpOnly: false }]
    : given.flatMap(({ m, path }) => {
        const c = convertHttpMatch(m, path, ctx);
        return c.matches.map((match) => ({
          source: c.source,
          match,
          scope: c.scope,
          uri: c.uri,
          httpOnly: c.httpOnly,
        }));
      });
  reportUnsupported(rule, base, ctx);
  const head: HTTPRouteFilter[] = headerFilters(rule.headers, fieldPath(base, 'headers'), ctx);
  const tail: HTTPRouteFilter[] = mirrorFilters(rule, base, ctx);
  if (rule.corsPolicy) {
    const cors = corsFilter(rule.corsPolicy, fieldPath(base, 'corsPolicy'), ctx);
    if (cors) tail.push(cors);
  }
  let backendRefs: BackendRef[] = [];
  let grpcBackends = false;
  let action: HTTPRouteFilter | undefined;
  if (rule.redirect) {
    action = redirectFilter(rule.redirect, fieldPath(base, 'redirect'), ctx);
  } else if (rule.directResponse) {
    ctx.report.add(
      'error',
      fieldPath(base, 'directResponse'),
      'direct-response',
      `directResponse has no Gateway API form; the rule keeps its matches without backends, so it answers 500 instead of ${rule.directResponse.status ?? 'the set status'}`,
    );
  } else if (rule.route?.length) {
    const b = backendsOf(rule, base, ctx);
    backendRefs = b.refs;
    grpcBackends = b.grpc;
  } else {
    ctx.report.add(
      'warning',
      base,
      'no-action',
      'rule has no route, redirect or directResponse; Gateway API answers 500',
    );
  }
  if (!backendRefs.length && (rule.timeout !== undefined || rule.retries !== undefined)) {
    ctx.report.add(
      'info',
      base,
      'no-backend-policy',
      'timeout and retries of a rule without backends have nothing to apply to; dropped',
    );
  }
  const timeouts = backendRefs.length ? timeoutsOf(rule, base, ctx) : undefined;
  const retry = backendRefs.length ? retryOf(rule, base, ctx) : undefined;
  const make = (ms: MatchIR[], rewrite?: HTTPRouteFilter): RuleIR => {
    const filters = [...head, ...(rewrite ? [rewrite] : []), ...(action ? [action] : []), ...tail];
    if (filters.length > LIMITS.filters) {
      ctx.report.add(
        'error',
        base,
        'too-many-filters',
        `more than ${LIMITS.filters} filters; the last ones are dropped`,
      );
      filters.length = LIMITS.filters;
    }
    const ir: RuleIR = { source: base, catchAll, matches: ms, filters, backendRefs, grpcBackends };
    if (ruleName) ir.name = ruleName;
    if (timeouts) ir.timeouts = timeouts;
    if (retry) ir.retry = retry;
    return ir;
  };
  if (!rule.rewrite || rule.redirect) return matches.length ? [make(matches)] : [];
  // One URLRewrite per match path type; a prefix rewrite must stand alone with its match.
  const rewriteBase = fieldPath(base, 'rewrite');
  const out: (RuleIR | 'full')[] = [];
  const fullPath: MatchIR[] = [];
  let fullPathFilter: HTTPRouteFilter | undefined;
  for (const m of matches) {
    // Findings repeat per match; identical ones are merged when results are collected.
    const filter = rewriteFilter(rule.rewrite, m.match.path, rewriteBase, ctx);
    if (filter?.type === 'URLRewrite' && filter.urlRewrite.path?.type === 'ReplacePrefixMatch')
      out.push(make([m], filter));
    else {
      if (fullPath.length === 0) out.push('full');
      fullPath.push(m);
      fullPathFilter ??= filter;
    }
  }
  return out.map((r) => (r === 'full' ? make(fullPath, fullPathFilter) : r));
}

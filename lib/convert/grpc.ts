import type { StringMatch } from '../model/istio/spec';
import type { ConvertContext } from './context';
import type { GRPCMethodMatch, GRPCRouteMatch, GRPCRouteRule, HTTPRouteFilter } from './gateway-api';
import type { MatchIR, RuleIR } from './http-rules';
import type { VsBinding } from './parents';
import { fieldPath } from './warnings';

const SERVICE = /^\.?[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*$/;
const METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;
const GRPC_FILTERS = new Set<HTTPRouteFilter['type']>([
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestMirror',
]);

/** The gRPC method match a URI match stands for (`/pkg.Service/Method`, `/pkg.Service/`); a string says why none. */
export function grpcMethodOf(uri: StringMatch | undefined): GRPCMethodMatch | undefined | string {
  if (!uri) return undefined;
  if (uri.exact !== undefined) {
    const [, service = '', method = '', rest] = uri.exact.split('/');
    if (rest === undefined && SERVICE.test(service) && METHOD.test(method))
      return { type: 'Exact', service, method };
    return `uri ${uri.exact} is not /package.Service/Method`;
  }
  if (uri.prefix !== undefined) {
    if (uri.prefix === '' || uri.prefix === '/') return undefined;
    const m = /^\/([^/]+)\/?$/.exec(uri.prefix);
    if (m?.[1] && SERVICE.test(m[1])) return { type: 'Exact', service: m[1] };
    return `uri prefix ${uri.prefix} is not /package.Service/`;
  }
  return 'regular-expression uri matches have no exact gRPC method form';
}

function grpcMatch(m: MatchIR): GRPCRouteMatch | string {
  if (m.httpOnly) return 'HTTP method, query or case-insensitive matches';
  const method = grpcMethodOf(m.uri);
  if (typeof method === 'string') return method;
  const out: GRPCRouteMatch = {};
  if (method) out.method = method;
  if (m.match.headers) out.headers = m.match.headers;
  return out;
}

/** One HTTP rule as a GRPCRoute rule; a string says why it has no such form. */
export function toGrpcRule(ir: RuleIR, matches: MatchIR[]): GRPCRouteRule | string {
  if (ir.timeouts) return 'timeouts';
  if (ir.retry) return 'retries';
  const bad = ir.filters.find((f) => !GRPC_FILTERS.has(f.type));
  if (bad) return `${bad.type} filter`;
  const out: GRPCRouteRule = {};
  if (!ir.catchAll) {
    const ms: GRPCRouteMatch[] = [];
    for (const m of matches) {
      const g = grpcMatch(m);
      if (typeof g === 'string') return g;
      ms.push(g);
    }
    if (ms.some((m) => m.method || m.headers)) out.matches = ms;
  }
  if (ir.filters.length) out.filters = ir.filters;
  if (ir.backendRefs.length) out.backendRefs = ir.backendRefs;
  return out;
}

/**
 * True when the VirtualService should become GRPCRoutes: its backends are gRPC ports (or a bound
 * gateway server speaks GRPC) and every rule has a GRPCRoute form. Says why when it falls back.
 */
export function decideGrpc(
  rules: RuleIR[],
  binding: VsBinding,
  hosts: string[],
  ctx: ConvertContext,
): boolean {
  const routed = rules.filter((r) => r.backendRefs.length > 0);
  const lowerHosts = hosts.map((h) => h.toLowerCase());
  const grpcServer = binding.gateways.some((key) =>
    (ctx.lookup.gateways.get(key)?.spec.servers ?? []).some(
      (s) =>
        s.port?.protocol?.toUpperCase() === 'GRPC' &&
        (s.hosts ?? []).some((h) => {
          const host = (h.split('/').pop() ?? '').toLowerCase();
          return host === '*' || lowerHosts.includes(host) || lowerHosts.includes('*');
        }),
    ),
  );
  const grpcBackends = routed.length > 0 && routed.every((r) => r.grpcBackends);
  if (!grpcServer && !grpcBackends) return false;
  for (const r of rules) {
    const why = toGrpcRule(r, r.matches);
    if (typeof why === 'string') {
      ctx.report.add(
        'info',
        r.source,
        'grpc-as-http',
        `the destinations speak gRPC, but this rule uses ${why}, which GRPCRoute lacks; the VirtualService becomes HTTPRoutes (gRPC works over them)`,
      );
      return false;
    }
  }
  if (rules.length)
    ctx.report.add(
      'info',
      fieldPath('spec', 'http'),
      'grpc-route',
      'the destinations speak gRPC: written as GRPCRoutes',
    );
  return true;
}

import type {
  L4MatchAttributes,
  RouteDestination,
  TLSMatchAttributes,
  VirtualServiceSpec,
} from '../model/istio/spec';
import { resolveDestination, type TrafficHint } from './backends';
import {
  defaultParentSets,
  groupByParentSet,
  type ParentSet,
  parentRefsOf,
  scopeParentSets,
} from './buckets';
import type { ConvertContext } from './context';
import { type BackendRef, LIMITS, type RouteKind } from './gateway-api';
import { isGatewayHostname } from './hosts';
import type { MatchScope } from './match';
import { fullHosts, type VsBinding } from './parents';
import { capParents, mapRule, type RouteOutput, routeObject } from './routes';
import { fieldPath } from './warnings';

function l4Backends(
  route: RouteDestination[] | undefined,
  base: string,
  hint: TrafficHint,
  ctx: ConvertContext,
): BackendRef[] {
  const usable = (route ?? [])
    .map((d, j) => ({ d, p: fieldPath(fieldPath(base, 'route'), j) }))
    .filter(({ d, p }) => {
      if (!d.destination)
        ctx.report.add('warning', p, 'route-no-destination', 'route entry without destination.host; dropped');
      return d.destination !== undefined;
    });
  const weighted = usable.length > 1 && usable.some(({ d }) => (d.weight ?? 0) > 0);
  const refs: BackendRef[] = [];
  for (const { d, p } of usable) {
    if (!d.destination) continue;
    if (refs.length >= LIMITS.backendRefs) {
      ctx.report.add(
        'error',
        p,
        'too-many-backends',
        `more than ${LIMITS.backendRefs} destinations; dropped`,
      );
      continue;
    }
    const ref: BackendRef = {
      ...resolveDestination(d.destination, fieldPath(p, 'destination'), ctx, hint).ref,
    };
    if (weighted) ref.weight = Math.max(0, Math.min(1_000_000, Math.floor(d.weight ?? 0)));
    refs.push(ref);
  }
  return refs;
}

function reportL4Match(m: L4MatchAttributes, p: string, ctx: ConvertContext): void {
  const drop = (key: keyof L4MatchAttributes, code: string, what: string) => {
    if (m[key] !== undefined)
      ctx.report.add(
        'warning',
        fieldPath(p, key),
        code,
        `${what} has no Gateway API form; the route applies to every client/destination`,
      );
  };
  drop('destinationSubnets', 'destination-subnets', 'destinationSubnets');
  drop('sourceLabels', 'source-labels', 'sourceLabels');
  drop('sourceNamespace', 'source-namespace', 'sourceNamespace');
  drop('sourceSubnet', 'source-subnet', 'sourceSubnet');
}

function l4Scope(m: L4MatchAttributes, p: string, ctx: ConvertContext): MatchScope {
  const scope: MatchScope = {};
  if (m.gateways?.length) scope.gateways = m.gateways;
  if (m.port !== undefined) {
    if (m.port >= 1 && m.port <= 65535) scope.port = m.port;
    else
      ctx.report.add(
        'warning',
        fieldPath(p, 'port'),
        'invalid-port',
        `port ${m.port} is out of range; condition dropped`,
      );
  }
  return scope;
}

interface L4Entry {
  source: string;
  sni: string[];
}

function emit(
  kind: RouteKind,
  base: string,
  groups: { set: ParentSet; items: L4Entry[] }[],
  backendRefs: BackendRef[],
  spec: VirtualServiceSpec,
  ctx: ConvertContext,
  nextName: () => string,
  source: string,
  out: RouteOutput,
): void {
  for (const g of groups) {
    let hostnames: string[] | undefined;
    if (kind === 'TLSRoute') {
      hostnames = [...new Set(g.items.flatMap((i) => i.sni))];
      if (hostnames.length === 0) {
        ctx.report.add(
          'error',
          base,
          'tls-no-sni',
          'TLSRoute needs at least one valid SNI hostname (not *); this rule is not converted',
        );
        continue;
      }
    }
    // Istio matches a TCPRoute's gateway listeners by the VirtualService hosts, as it bound the rules.
    const matchHosts = kind === 'TCPRoute' ? fullHosts(spec, ctx.namespace) : hostnames;
    const parentRefs = capParents(parentRefsOf(g.set, kind, matchHosts, spec, ctx), ctx);
    for (const names of meshTlsSplit(g.set, hostnames)) {
      const name = nextName();
      const resource = `${kind}/${ctx.namespace}/${name}`;
      mapRule(out.ruleMap, base, resource, fieldPath(fieldPath('spec', 'rules'), 0));
      const routeSpec: Record<string, unknown> = parentRefs.length ? { parentRefs } : {};
      if (names) routeSpec.hostnames = names;
      routeSpec.rules = [{ backendRefs }];
      out.routes.push(routeObject(kind, name, ctx.namespace, source, routeSpec));
    }
  }
}

/**
 * The hostnames of each TLSRoute a rule becomes. On mesh parents istiod keeps several hostnames only
 * where they cover the Service's own host, and with none left the route takes every connection to the
 * Service; a single hostname it keeps as written. One mesh TLSRoute per SNI host keeps Istio's match.
 */
function meshTlsSplit(set: ParentSet, hostnames: string[] | undefined): (string[] | undefined)[] {
  if (set.cls !== 'mesh' || !hostnames || hostnames.length < 2) return [hostnames];
  return hostnames.map((h) => [h]);
}

/** `spec.tls[]` to TLSRoutes (one per rule and parent set; TLSRoute holds a single rule). */
export function assembleTlsRoutes(
  spec: VirtualServiceSpec,
  binding: VsBinding,
  ctx: ConvertContext,
  nextName: () => string,
  source: string,
): RouteOutput {
  const out: RouteOutput = { routes: [], ruleMap: [] };
  (spec.tls ?? []).forEach((rule, i) => {
    const base = fieldPath(fieldPath('spec', 'tls'), i);
    const backendRefs = l4Backends(rule.route, base, 'tls', ctx);
    if (backendRefs.length === 0) {
      ctx.report.add('error', base, 'no-backends', 'TLS rule without destinations; not converted');
      return;
    }
    const matches: TLSMatchAttributes[] = rule.match?.length ? rule.match : [{ sniHosts: spec.hosts ?? [] }];
    const entries = matches.map((m, j) => {
      const p = rule.match?.length ? fieldPath(fieldPath(base, 'match'), j) : base;
      reportL4Match(m, p, ctx);
      const sni: string[] = [];
      (m.sniHosts ?? []).forEach((h, k) => {
        const host = h.toLowerCase();
        if (isGatewayHostname(host)) sni.push(host);
        else
          ctx.report.add(
            'warning',
            fieldPath(fieldPath(p, 'sniHosts'), k),
            'sni-host',
            `SNI host ${h} is not a valid TLSRoute hostname (* and IPs are not); dropped`,
          );
      });
      return { item: { source: p, sni }, sets: scopeParentSets(l4Scope(m, p, ctx), binding, p, ctx) };
    });
    emit(
      'TLSRoute',
      base,
      groupByParentSet(entries, defaultParentSets(binding)),
      backendRefs,
      spec,
      ctx,
      nextName,
      source,
      out,
    );
  });
  return out;
}

/** `spec.tcp[]` to TCPRoutes (one per rule and parent set). */
export function assembleTcpRoutes(
  spec: VirtualServiceSpec,
  binding: VsBinding,
  ctx: ConvertContext,
  nextName: () => string,
  source: string,
): RouteOutput {
  const out: RouteOutput = { routes: [], ruleMap: [] };
  const used = new Map<string, string>();
  (spec.tcp ?? []).forEach((rule, i) => {
    const base = fieldPath(fieldPath('spec', 'tcp'), i);
    const backendRefs = l4Backends(rule.route, base, 'tcp', ctx);
    if (backendRefs.length === 0) {
      ctx.report.add('error', base, 'no-backends', 'TCP rule without destinations; not converted');
      return;
    }
    const entries = rule.match?.length
      ? rule.match.map((m, j) => {
          const p = fieldPath(fieldPath(base, 'match'), j);
          reportL4Match(m, p, ctx);
          return { item: { source: p, sni: [] }, sets: scopeParentSets(l4Scope(m, p, ctx), binding, p, ctx) };
        })
      : [{ item: { source: base, sni: [] }, sets: defaultParentSets(binding) }];
    const groups = groupByParentSet(entries, []);
    for (const g of groups) {
      const earlier = used.get(g.set.key);
      if (earlier) {
        ctx.report.add(
          'warning',
          base,
          'tcp-shadowed',
          `Istio sent this traffic to ${earlier} first; two TCPRoutes on the same listener conflict in Gateway API`,
        );
      } else used.set(g.set.key, base);
    }
    emit('TCPRoute', base, groups, backendRefs, spec, ctx, nextName, source, out);
  });
  return out;
}

import type { KubeObject } from '../k8s/objects';
import type { VirtualServiceSpec } from '../model/istio/spec';
import {
  defaultParentSets,
  groupByParentSet,
  type ParentSet,
  parentRefsOf,
  scopeParentSets,
} from './buckets';
import type { ConvertContext } from './context';
import {
  GATEWAY_API_VERSION,
  type GRPCRouteRule,
  type HTTPRouteRule,
  LIMITS,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  type ParentRef,
  type RouteKind,
  SOURCE_ANNOTATION,
} from './gateway-api';
import { toGrpcRule } from './grpc';
import type { MatchIR, RuleIR } from './http-rules';
import { virtualServiceNames } from './indexes';
import type { ConvertLookup } from './lookup';
import { dnsSubdomain, uniqueName, withSuffix } from './names';
import type { VsBinding } from './parents';
import { routeHostnames } from './parents';
import type { RuleMapping } from './types';
import { fieldPath } from './warnings';

/** Hands out route names: `<vs>`, then `<vs>-2`, `<vs>-3`... skipping names of other VirtualServices. */
export function createNamer(vsName: string, namespace: string, lookup: ConvertLookup): () => string {
  const names = virtualServiceNames(lookup, namespace);
  const taken = { has: (name: string) => name !== vsName && names.has(name) };
  const base = dnsSubdomain(vsName);
  let n = 1;
  return () => {
    let name = n === 1 ? base : withSuffix(base, `-${n}`);
    n++;
    while (taken.has(name)) {
      name = withSuffix(base, `-${n}`);
      n++;
    }
    return name;
  };
}

export interface RouteOutput {
  routes: KubeObject[];
  ruleMap: RuleMapping[];
}

/** Adds `rule` of `resource` to the mapping of Istio rule `source`. */
export function mapRule(ruleMap: RuleMapping[], source: string, resource: string, rule: string): void {
  let m = ruleMap.find((r) => r.field === source);
  if (!m) {
    m = { field: source, outputs: [] };
    ruleMap.push(m);
  }
  m.outputs.push({ resource, rule });
}

export function routeObject(
  kind: RouteKind,
  name: string,
  namespace: string,
  source: string,
  spec: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind,
    metadata: {
      name,
      namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      annotations: { [SOURCE_ANNOTATION]: source },
    },
    spec,
  };
}

export function capParents(refs: ParentRef[], ctx: ConvertContext): ParentRef[] {
  if (refs.length <= LIMITS.parentRefs) return refs;
  ctx.report.add(
    'error',
    fieldPath('spec', 'gateways'),
    'too-many-parents',
    `a route has at most ${LIMITS.parentRefs} parentRefs; the rest are dropped`,
  );
  return refs.slice(0, LIMITS.parentRefs);
}

type AnyRule = HTTPRouteRule | GRPCRouteRule;

function httpRule(ir: RuleIR, matches: MatchIR[]): HTTPRouteRule {
  const r: HTTPRouteRule = {};
  if (ir.name) r.name = ir.name;
  r.matches = matches.map((m) => m.match);
  if (ir.filters.length) r.filters = ir.filters;
  if (ir.backendRefs.length) r.backendRefs = ir.backendRefs;
  if (ir.timeouts) r.timeouts = ir.timeouts;
  if (ir.retry) r.retry = ir.retry;
  return r;
}

function grpcRule(ir: RuleIR, matches: MatchIR[]): GRPCRouteRule {
  const g = toGrpcRule(ir, matches);
  // decideGrpc checked every rule; a string here would be a bug, fall back to a catch-all copy.
  const r: GRPCRouteRule = typeof g === 'string' ? {} : g;
  return ir.name ? { name: ir.name, ...r } : r;
}

/** Splits one IR rule's matches into rules of <= 64 matches (a rule's matches are ORed). */
function expand(
  ir: RuleIR,
  matches: MatchIR[],
  grpc: boolean,
): { source: string; rule: AnyRule; count: number }[] {
  const out: { source: string; rule: AnyRule; count: number }[] = [];
  for (let i = 0; i < matches.length; i += LIMITS.matchesPerRule) {
    const chunk = matches.slice(i, i + LIMITS.matchesPerRule);
    const rule = grpc ? grpcRule(ir, chunk) : httpRule(ir, chunk);
    out.push({ source: ir.source, rule, count: rule.matches?.length ?? 0 });
  }
  return out;
}

/** Splits rules into routes of <= 16 rules and <= 128 matches, keeping order. */
function chunkRules<T extends { count: number }>(rules: T[]): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let matches = 0;
  for (const r of rules) {
    if (cur.length && (cur.length >= LIMITS.rules || matches + r.count > LIMITS.matchesPerRoute)) {
      out.push(cur);
      cur = [];
      matches = 0;
    }
    cur.push(r);
    matches += r.count;
  }
  if (cur.length) out.push(cur);
  return out;
}

type Item = { ir: RuleIR; m: MatchIR };

/**
 * Splits a gateway group by exact authority matches: each authority host gets a route with every
 * rule that applies to it (its own and those without authority, in Istio order), the other hosts
 * keep the rest. A hostname then belongs to one route only, so no cross-route tie can reorder rules.
 */
function byAuthority(
  items: Item[],
  hostnames: string[] | undefined,
): { names: string[] | undefined; items: Item[] }[] {
  const authorities = [
    ...new Set(items.map((i) => i.m.scope.authority).filter((a): a is string => a !== undefined)),
  ];
  if (authorities.length === 0) return [{ names: hostnames, items }];
  const parts = authorities.map((a) => ({
    names: [a] as string[] | undefined,
    items: items.filter((i) => i.m.scope.authority === undefined || i.m.scope.authority === a),
  }));
  const rest = hostnames?.filter((h) => !authorities.includes(h));
  const plain = items.filter((i) => i.m.scope.authority === undefined);
  if ((rest === undefined || rest.length > 0) && plain.length > 0)
    parts.unshift({ names: rest, items: plain });
  return parts;
}

function emitChunks(
  kind: RouteKind,
  rules: { source: string; rule: AnyRule; count: number }[],
  parentRefs: ParentRef[],
  names: string[] | undefined,
  ctx: ConvertContext,
  nextName: () => string,
  source: string,
  out: RouteOutput,
): void {
  const chunks = chunkRules(rules);
  if (chunks.length > 1) {
    ctx.report.add(
      'info',
      fieldPath('spec', 'http'),
      'route-split',
      `more rules than one route holds (16 rules, 128 matches): split into ${chunks.length} routes; among equally specific matches, the older route wins`,
    );
  }
  for (const chunk of chunks) {
    const name = nextName();
    const resource = `${kind}/${ctx.namespace}/${name}`;
    const taken = new Set<string>();
    const ruleList = chunk.map(({ source: src, rule }, k) => {
      mapRule(out.ruleMap, src, resource, fieldPath(fieldPath('spec', 'rules'), k));
      return rule.name ? { ...rule, name: uniqueName(rule.name, taken) } : rule;
    });
    const routeSpec: Record<string, unknown> = parentRefs.length ? { parentRefs } : {};
    if (names) routeSpec.hostnames = names;
    routeSpec.rules = ruleList;
    out.routes.push(routeObject(kind, name, ctx.namespace, source, routeSpec));
  }
}

/** The HTTPRoutes (or GRPCRoutes) for a VirtualService's `http` rules, one group per parent set. */
export function assembleHttpRoutes(
  irs: RuleIR[],
  binding: VsBinding,
  spec: VirtualServiceSpec,
  grpc: boolean,
  ctx: ConvertContext,
  nextName: () => string,
  source: string,
): RouteOutput {
  const kind: RouteKind = grpc ? 'GRPCRoute' : 'HTTPRoute';
  const entries: { item: Item; sets: ParentSet[] }[] = [];
  for (const ir of irs) {
    for (const m of ir.matches) {
      const sets = ir.catchAll
        ? defaultParentSets(binding)
        : scopeParentSets(m.scope, binding, m.source, ctx);
      entries.push({ item: { ir, m }, sets });
    }
  }
  const out: RouteOutput = { routes: [], ruleMap: [] };
  const hostnames = routeHostnames(spec, ctx);
  for (const group of groupByParentSet(entries, defaultParentSets(binding))) {
    const parts =
      group.set.cls === 'gateway'
        ? byAuthority(group.items, hostnames)
        : [{ names: undefined, items: group.items }];
    for (const part of parts) {
      const perRule = new Map<RuleIR, MatchIR[]>();
      for (const { ir, m } of part.items) perRule.set(ir, [...(perRule.get(ir) ?? []), m]);
      const rules = [...perRule.entries()].flatMap(([ir, ms]) => expand(ir, ms, grpc));
      const parentRefs = capParents(parentRefsOf(group.set, kind, part.names, spec, ctx), ctx);
      emitChunks(kind, rules, parentRefs, part.names, ctx, nextName, source, out);
    }
  }
  return out;
}

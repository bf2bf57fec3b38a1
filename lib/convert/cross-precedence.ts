import type { HTTPMatchRequest, StringMatch, VirtualServiceSpec } from '../model/istio/spec';
import type { ConvertContext } from './context';
import type { HeaderMatch, HTTPRouteMatch } from './gateway-api';
import { type ConvertLookup, memo, type Parsed } from './lookup';
import { vsBinding } from './parents';
import { compareRank, matchesOverlap, rankOf } from './precedence';
import { fieldPath } from './warnings';

/**
 * Istio merges the VirtualServices bound to one gateway for one host into one route table, in
 * creation order (then name, then namespace), first match wins. Gateway API ranks matches of every
 * route on a listener by specificity and only then by route age and name. For each pair of rules of
 * two such VirtualServices where some request matches both, a later rule ranked above an earlier one
 * moves those requests: reported at the later rule, naming both.
 */

type Vs = Parsed<VirtualServiceSpec>;

function stamp(vs: Vs): string {
  const t = vs.obj.metadata.creationTimestamp;
  return typeof t === 'string' ? t : '';
}

/** Istio's merge order: oldest first, then by name, then namespace. */
function istioOrder(a: Vs, b: Vs): number {
  const ta = stamp(a);
  const tb = stamp(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0;
}

/** Gateway-bound VirtualServices with HTTP rules, by `gateway host`, in Istio's merge order; only groups of two or more. */
function groups(lookup: ConvertLookup): Map<string, Vs[]> {
  return memo(lookup, 'index:vs-by-gateway-host', () => {
    const all = new Map<string, Vs[]>();
    for (const vs of lookup.virtualServices) {
      if (!vs.spec.http?.length) continue;
      const b = vsBinding(vs.spec, vs.namespace);
      for (const g of b.gateways)
        for (const h of new Set(b.hosts)) {
          const key = `${g} ${h}`;
          const list = all.get(key);
          if (list) list.push(vs);
          else all.set(key, [vs]);
        }
    }
    const out = new Map<string, Vs[]>();
    for (const [k, list] of all) if (list.length > 1) out.set(k, list.sort(istioOrder));
    return out;
  });
}

function stringHeader(name: string, m: StringMatch | undefined): HeaderMatch | undefined {
  if (!m) return { name, type: 'RegularExpression', value: '.*' };
  if (m.exact !== undefined) return { name, type: 'Exact', value: m.exact };
  if (m.prefix !== undefined)
    return { name, type: 'RegularExpression', value: `${m.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*` };
  if (m.regex !== undefined) return { name, type: 'RegularExpression', value: m.regex };
  return undefined;
}

/** The Gateway API form of an Istio match, as far as ranking and overlap go. */
function approximate(m: HTTPMatchRequest | undefined): HTTPRouteMatch {
  const out: HTTPRouteMatch = {};
  const uri = m?.uri;
  if (uri?.exact !== undefined) out.path = { type: 'Exact', value: uri.exact };
  else if (uri?.prefix !== undefined) out.path = { type: 'PathPrefix', value: uri.prefix || '/' };
  else if (uri?.regex !== undefined) out.path = { type: 'RegularExpression', value: uri.regex };
  else out.path = { type: 'PathPrefix', value: '/' };
  if (m?.method?.exact) out.method = m.method.exact as HTTPRouteMatch['method'];
  const headers = Object.entries(m?.headers ?? {}).flatMap(([k, v]) => stringHeader(k, v) ?? []);
  if (headers.length) out.headers = headers;
  const query = Object.entries(m?.queryParams ?? {}).flatMap(([k, v]) => stringHeader(k, v) ?? []);
  if (query.length) out.queryParams = query;
  return out;
}

interface Flat {
  path: string;
  match: HTTPRouteMatch;
  port?: number;
}

// Rule matches and their ranks per VirtualService: each is compared with every later one of its group.
const flattened = new WeakMap<Vs, (Flat & { rank: ReturnType<typeof rankOf> })[]>();

function flatten(vs: Vs): (Flat & { rank: ReturnType<typeof rankOf> })[] {
  let out = flattened.get(vs);
  if (!out) {
    out = flattenRules(vs).map((f) => ({ ...f, rank: rankOf(f.match) }));
    flattened.set(vs, out);
  }
  return out;
}

function flattenRules(vs: Vs): Flat[] {
  return (vs.spec.http ?? []).flatMap((rule, i) => {
    const base = fieldPath(fieldPath('spec', 'http'), i);
    if (rule.delegate) return [];
    if (!rule.match?.length) return [{ path: base, match: approximate(undefined) }];
    return rule.match.map((m, k) => ({
      path: fieldPath(fieldPath(base, 'match'), k),
      match: approximate(m),
      ...(m.port !== undefined ? { port: m.port } : {}),
    }));
  });
}

const refOf = (vs: Vs) => `VirtualService/${vs.namespace}/${vs.name}`;

/** Reports, on VirtualService `self`, each of its rules Gateway API would order before an earlier VirtualService's. */
export function checkCrossPrecedence(self: Vs, ctx: ConvertContext): void {
  const g = groups(ctx.lookup);
  if (g.size === 0) return;
  const b = vsBinding(self.spec, self.namespace);
  const reported = new Set<string>();
  for (const gw of b.gateways)
    for (const host of new Set(b.hosts)) {
      const list = g.get(`${gw} ${host}`);
      const at = list?.indexOf(self) ?? -1;
      if (!list || at <= 0) continue;
      const mine = flatten(self);
      for (const earlier of list.slice(0, at)) {
        const theirs = flatten(earlier);
        for (const m of mine) {
          if (reported.has(m.path)) continue;
          const rank = m.rank;
          const hit = theirs.find((t) => {
            if (t.port !== undefined && m.port !== undefined && t.port !== m.port) return false;
            const c = compareRank(rank, t.rank);
            // On a tie Gateway API orders by route age, then namespace/name: assume the routes are created together.
            const tieReversed =
              c === 0 && `${self.namespace}/${self.name}` < `${earlier.namespace}/${earlier.name}`;
            return (c > 0 || tieReversed) && matchesOverlap(t.match, m.match);
          });
          if (!hit) continue;
          reported.add(m.path);
          const created =
            stamp(earlier) && stamp(self)
              ? 'created earlier'
              : 'first by name, no creation times in the input';
          ctx.report.add(
            'warning',
            m.path,
            'cross-route-precedence',
            `on gateway ${gw} host ${host}, Istio merges ${refOf(earlier)} (${created}) before this VirtualService, so its rule ${hit.path} takes the requests both match; Gateway API ranks this rule's match above it across routes, so those requests now go here`,
          );
        }
      }
    }
}

import type { ConvertContext } from './context';
import type { HeaderMatch, HTTPRouteMatch, PathMatch } from './gateway-api';
import type { MatchIR, RuleIR } from './http-rules';
import { gatewayKey } from './lookup';
import type { VsBinding } from './parents';

/**
 * Istio tries http rules in order and the first match wins; Gateway API ranks matches by
 * specificity (Exact path, then longest PathPrefix, then method, header count, query count) and
 * keeps rule order only for ties. Regular-expression paths have no rank in the spec: this module
 * ranks them between Exact and PathPrefix, as Istio does.
 */

type Rank = [number, number, number, number, number];

function pathRank(p: PathMatch | undefined): [number, number] {
  if (!p) return [1, 1];
  if (p.type === 'Exact') return [3, p.value.length];
  if (p.type === 'RegularExpression') return [2, p.value.length];
  return [1, p.value.length];
}

export function rankOf(m: HTTPRouteMatch): Rank {
  const [t, len] = pathRank(m.path);
  return [t, len, m.method ? 1 : 0, m.headers?.length ?? 0, m.queryParams?.length ?? 0];
}

/** > 0 when `a` outranks `b` in Gateway API ordering, 0 on a tie. */
export function compareRank(a: Rank, b: Rank): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Segment-wise prefix test, as Gateway API PathPrefix matches. */
export function segmentPrefix(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
}

/** Literal start of a regex (up to the first metacharacter); lowercased for (?i) patterns. */
function literalPrefix(re: string): string {
  const icase = re.startsWith('(?i)');
  const body = (icase ? re.slice(4) : re).replace(/^\^/, '');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\' && i + 1 < body.length && /[^A-Za-z0-9]/.test(body[i + 1] as string)) {
      out += body[i + 1];
      i++;
    } else if (/[.*+?()[\]{}|^$\\]/.test(c)) break;
    else out += c;
  }
  // A quantifier after the last literal makes it optional.
  if (/^[*?{]/.test(body.slice(out.length)) || body.slice(out.length).startsWith('|')) out = out.slice(0, -1);
  return icase ? out.toLowerCase() : out;
}

function pathsOverlap(a: PathMatch | undefined, b: PathMatch | undefined): boolean {
  if (!a || !b) return true;
  if (a.type === 'RegularExpression' || b.type === 'RegularExpression') {
    const la = a.type === 'RegularExpression' ? literalPrefix(a.value) : a.value;
    const lb = b.type === 'RegularExpression' ? literalPrefix(b.value) : b.value;
    const [x, y] =
      a.value.startsWith('(?i)') || b.value.startsWith('(?i)')
        ? [la.toLowerCase(), lb.toLowerCase()]
        : [la, lb];
    return x.startsWith(y) || y.startsWith(x);
  }
  if (a.type === 'Exact' && b.type === 'Exact') return a.value === b.value;
  if (a.type === 'Exact') return segmentPrefix(b.value, a.value);
  if (b.type === 'Exact') return segmentPrefix(a.value, b.value);
  return segmentPrefix(a.value, b.value) || segmentPrefix(b.value, a.value);
}

function valueCompatible(a: HeaderMatch, b: HeaderMatch): boolean {
  if (a.type === 'Exact' && b.type === 'Exact') return a.value === b.value;
  const [ex, re] = a.type === 'Exact' ? [a, b] : b.type === 'Exact' ? [b, a] : [undefined, undefined];
  if (!ex || !re) return true;
  try {
    return new RegExp(`^(?:${re.value})$`).test(ex.value);
  } catch {
    return true;
  }
}

function conditionsOverlap(
  a: HeaderMatch[] | undefined,
  b: HeaderMatch[] | undefined,
  icase: boolean,
): boolean {
  for (const x of a ?? []) {
    const y = (b ?? []).find((h) =>
      icase ? h.name.toLowerCase() === x.name.toLowerCase() : h.name === x.name,
    );
    if (y && !valueCompatible(x, y)) return false;
  }
  return true;
}

/** True when some request could satisfy both matches. */
export function matchesOverlap(a: HTTPRouteMatch, b: HTTPRouteMatch): boolean {
  if (a.method && b.method && a.method !== b.method) return false;
  return (
    pathsOverlap(a.path, b.path) &&
    conditionsOverlap(a.headers, b.headers, true) &&
    conditionsOverlap(a.queryParams, b.queryParams, false)
  );
}

function scopesOverlap(a: MatchIR, b: MatchIR, binding: VsBinding, ns: string): boolean {
  if (a.scope.port !== undefined && b.scope.port !== undefined && a.scope.port !== b.scope.port) return false;
  if (a.scope.authority && b.scope.authority && a.scope.authority !== b.scope.authority) return false;
  const all = [...binding.gateways, ...(binding.mesh ? ['mesh'] : [])];
  const keys = (m: MatchIR) => (m.scope.gateways ? m.scope.gateways.map((g) => gatewayKey(g, ns)) : all);
  const ga = new Set(keys(a));
  return keys(b).some((g) => ga.has(g));
}

function describeMatch(m: HTTPRouteMatch): string {
  const parts = [m.path ? `${m.path.type} ${m.path.value}` : 'any path'];
  if (m.method) parts.push(m.method);
  if (m.headers?.length) parts.push(`${m.headers.length} header condition(s)`);
  if (m.queryParams?.length) parts.push(`${m.queryParams.length} query condition(s)`);
  return parts.join(', ');
}

/** Reports each later match that Gateway API would rank above an earlier, overlapping one. */
export function checkPrecedence(rules: RuleIR[], binding: VsBinding, ctx: ConvertContext): void {
  const flat = rules.flatMap((r) => r.matches.map((m) => ({ r, m, rank: rankOf(m.match) })));
  const reported = new Set<string>();
  for (let j = 0; j < flat.length; j++) {
    const later = flat[j];
    if (!later || reported.has(later.m.source)) continue;
    for (let i = 0; i < j; i++) {
      const earlier = flat[i];
      if (!earlier || earlier.r.source === later.r.source) continue;
      if (compareRank(later.rank, earlier.rank) <= 0) continue;
      if (
        !scopesOverlap(earlier.m, later.m, binding, ctx.namespace) ||
        !matchesOverlap(earlier.m.match, later.m.match)
      )
        continue;
      ctx.report.add(
        'warning',
        later.m.source,
        'precedence',
        `in Istio ${earlier.m.source} (${describeMatch(earlier.m.match)}) comes first and takes the requests both match; Gateway API ranks this more specific match (${describeMatch(later.m.match)}) above it, so those requests now go here`,
      );
      reported.add(later.m.source);
      break;
    }
  }
}

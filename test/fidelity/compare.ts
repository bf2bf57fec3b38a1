import type { ConversionWarning } from '@/lib/convert/types';
import { type FidelityCase, ISTIO_RULE_PREFIX } from './corpus';
import { canonical, type NormalRoute, type NormalVhost } from './envoy';

/** Where an Envoy route came from: `VirtualService/ns/name#3` (rule 3), `Gateway/ns/name`, or `istio-default`. */
export type Source = string;

/** One way Istio treats the converted objects differently from the originals. */
export interface Difference {
  vhost: string;
  source: Source;
  /** match, destinations, timeout, retries, rewrite, redirect, headers, mirror, cors, order, vhost, ... */
  aspect: string;
  istio: string;
  gatewayApi: string;
  /** The converter warning that announced it, if any. */
  announcedBy?: ConversionWarning;
}

const VS_CONFIG = /\/namespaces\/([^/]+)\/virtual-service\/([^/]+)$/;

/** Source of a route istiod built from the original Istio objects (its rules are named `mm-r<i>`). */
export function istioSource(route: { name: string; config?: string }): Source {
  if (route.name === 'require-tls') return 'https-redirect';
  const m = /^mm-r(\d+)(?:\.|$)/.exec(route.name);
  const vs = route.config ? VS_CONFIG.exec(route.config) : null;
  if (m && vs) return `VirtualService/${vs[1]}/${vs[2]}#${m[1]}`;
  if (route.name.startsWith(ISTIO_RULE_PREFIX) && vs) return `VirtualService/${vs[1]}/${vs[2]}`;
  return 'istio-default';
}

/** Source of a route istiod built from converted objects (named `<ns>.<route>.<rule index>`). */
export function gatewaySource(c: FidelityCase, name: string): Source {
  const m = /^([^.]+)\.([^.]+)\.(\d+)$/.exec(name);
  if (!m) return 'istio-default';
  const [, ns, route, idx] = m;
  const generated = c.conversion.resources.find(
    (o) =>
      (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') &&
      o.metadata.namespace === ns &&
      o.metadata.name === route,
  );
  if (!generated) return 'istio-default';
  for (const [vs, map] of c.ruleMaps)
    for (const m2 of map)
      for (const out of m2.outputs)
        if (out.resource === `${generated.kind}/${ns}/${route}` && out.rule === `spec.rules[${idx}]`) {
          const i = /^spec\.http\[(\d+)\]$/.exec(m2.field)?.[1];
          return i === undefined ? vs : `${vs}#${i}`;
        }
  const from = generated.metadata.annotations?.['mesh-migrator.io/source'] ?? '';
  // The route a Gateway's httpsRedirect server becomes.
  if (from.startsWith('Gateway/')) return 'https-redirect';
  return from || `${generated.kind}/${ns}/${route}`;
}

export interface SourcedRoute extends NormalRoute {
  source: Source;
}

export interface SourcedVhost extends Omit<NormalVhost, 'routes'> {
  routes: SourcedRoute[];
}

function bySource(routes: readonly SourcedRoute[]): Map<Source, SourcedRoute[]> {
  const m = new Map<Source, SourcedRoute[]>();
  for (const r of routes) m.set(r.source, [...(m.get(r.source) ?? []), r]);
  return m;
}

const show = (routes: readonly SourcedRoute[] | undefined) =>
  routes?.length ? routes.map((r) => r.key).join(' ; ') : '(none)';

const byKey = (x: SourcedRoute, y: SourcedRoute) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);

type Json = Record<string, unknown>;
const parse = (text: string | undefined): Json => (text ? (JSON.parse(text) as Json) : {});

/** The path Envoy forwards after a route's rewrite, for a path its match took. */
function rewritten(rewrite: Json, match: Json, path: string): string {
  if (typeof rewrite.prefixRewrite === 'string') {
    // An exact path match: Envoy rewrites the whole path it matched.
    const m = typeof match.prefix === 'string' ? match.prefix : (match.path ?? match.pathSeparatedPrefix);
    return typeof m === 'string' ? rewrite.prefixRewrite + path.slice(m.length) : path;
  }
  const rr = rewrite.regexRewrite as { pattern?: { regex?: string }; substitution?: string } | undefined;
  if (rr?.pattern?.regex !== undefined)
    return path.replace(new RegExp(rr.pattern.regex), (rr.substitution ?? '').replace(/\\(\d)/g, '$$$1'));
  return path;
}

/**
 * Two path rewrites do the same to every path the Istio route takes (a prefix rewrite and the regex
 * istiod writes for Gateway API's ReplacePrefixMatch), tried on paths the Istio match takes.
 */
function sameRewrite(istio: SourcedRoute, gw: SourcedRoute): boolean {
  const ri = parse(istio.aspects.rewrite);
  const rg = parse(gw.aspects.rewrite);
  const rest = (r: Json) => canonical({ ...r, prefixRewrite: undefined, regexRewrite: undefined });
  if (rest(ri) !== rest(rg)) return false;
  const mi = parse(istio.aspects.match);
  const mg = parse(gw.aspects.match);
  const base = typeof mi.prefix === 'string' ? mi.prefix : typeof mi.path === 'string' ? mi.path : undefined;
  if (base === undefined) return false;
  // An exact path match takes that path only.
  const samples = typeof mi.path === 'string' ? [base] : [base, `${base}x`, `${base}x/y`, `${base}/x`];
  return samples.every((p) => rewritten(ri, mi, p) === rewritten(rg, mg, p));
}

/** Differences of one virtual host, each attributed to the rule it concerns. */
export function diffVhost(vhost: string, istio?: SourcedVhost, gw?: SourcedVhost): Difference[] {
  const a = istio?.routes ?? [];
  const b = gw?.routes ?? [];
  if (!istio || !gw) {
    const present = istio ?? gw;
    const sources = [...new Set((present?.routes ?? []).map((r) => r.source))];
    return (sources.length ? sources : ['istio-default']).map((source) => ({
      vhost,
      source,
      aspect: 'vhost',
      istio: istio ? `${istio.routes.length} routes` : '(no virtual host)',
      gatewayApi: gw ? `${gw.routes.length} routes` : '(no virtual host)',
    }));
  }
  if (a.map((r) => r.key).join('\n') === b.map((r) => r.key).join('\n')) {
    if (istio.domains.join(',') === gw.domains.join(',')) return [];
  }
  const out: Difference[] = [];
  if (istio.domains.join(',') !== gw.domains.join(','))
    for (const source of new Set(a.map((r) => r.source)))
      out.push({
        vhost,
        source,
        aspect: 'domains',
        istio: istio.domains.join(','),
        gatewayApi: gw.domains.join(','),
      });
  const sa = bySource(a);
  const sb = bySource(b);
  for (const source of new Set([...sa.keys(), ...sb.keys()])) {
    const ra = sa.get(source) ?? [];
    const rb = sb.get(source) ?? [];
    if (ra.length !== rb.length) {
      out.push({ vhost, source, aspect: 'routes', istio: show(ra), gatewayApi: show(rb) });
      continue;
    }
    // The routes of one rule share their action: their order among themselves changes nothing.
    const sa2 = [...ra].sort(byKey);
    const sb2 = [...rb].sort(byKey);
    sa2.forEach((r, i) => {
      const other = sb2[i];
      if (!other || r.key === other.key) return;
      for (const aspect of new Set([...Object.keys(r.aspects), ...Object.keys(other.aspects)])) {
        const x = r.aspects[aspect] ?? '(none)';
        const y = other.aspects[aspect] ?? '(none)';
        if (x === y) continue;
        if (aspect === 'rewrite' && sameRewrite(r, other)) continue;
        out.push({ vhost, source, aspect, istio: x, gatewayApi: y });
      }
    });
  }
  {
    // Rules in another order: which rule a request reaches may change. Rules already differing
    // are left out of the order compared.
    const differing = new Set(out.map((d) => d.source));
    const seqA = a.map((r) => r.source).filter((s) => !differing.has(s));
    const seqB = b.map((r) => r.source).filter((s) => !differing.has(s));
    const moved = new Set<string>();
    seqA.forEach((source, i) => {
      if (seqB[i] !== source) moved.add(source);
    });
    const orderA = [...new Set(seqA)];
    const orderB = [...new Set(seqB)];
    for (const source of moved)
      out.push({
        vhost,
        source,
        aspect: 'order',
        istio: orderA.join(' > '),
        gatewayApi: orderB.join(' > '),
      });
    if (out.length === 0)
      out.push({
        vhost,
        source: a[0]?.source ?? 'istio-default',
        aspect: 'order',
        istio: show(a),
        gatewayApi: show(b),
      });
  }
  return out;
}

/** Rule fields (under `spec.http[i]`) where a warning about each aspect is expected. */
const ASPECT_FIELDS: Record<string, string[]> = {
  match: ['match'],
  routes: ['match', 'route', 'redirect', 'directResponse', 'delegate', 'fault'],
  missingBackend: ['route', 'mirror', 'mirrors'],
  destinations: ['route', 'match'],
  timeout: ['timeout'],
  retries: ['retries', 'timeout'],
  rewrite: ['rewrite'],
  redirect: ['redirect'],
  directResponse: ['directResponse'],
  headers: ['headers', 'route'],
  mirror: ['mirror', 'mirrors', 'mirrorPercentage', 'mirrorPercent'],
  cors: ['corsPolicy'],
  fault: ['fault'],
  order: ['match'],
};

const SEVERE = new Set(['warning', 'error']);

/**
 * The warning that announces `d`: severity warning or error, on the rule's VirtualService, at the
 * rule itself or at a field of the rule the aspect concerns (timeouts at `timeout`, matches at
 * `match`...). Differences of a whole virtual host may be announced at `spec.hosts`/`spec.gateways`.
 */
export function announcement(
  d: Difference,
  warnings: readonly ConversionWarning[],
): ConversionWarning | undefined {
  const m = /^(VirtualService\/[^#]+)(?:#(\d+))?$/.exec(d.source);
  const resource = m?.[1] ?? d.source;
  // The redirect route of an httpsRedirect server: warnings at that server of a Gateway.
  const candidates = warnings.filter(
    (w) =>
      SEVERE.has(w.severity) &&
      (d.source === 'https-redirect'
        ? w.resource.startsWith('Gateway/') && w.code.startsWith('https-redirect')
        : w.resource === resource),
  );
  if (!m?.[2]) return candidates[0];
  const rule = `spec.http[${m[2]}]`;
  const fields = (ASPECT_FIELDS[d.aspect] ?? []).map((f) => `${rule}.${f}`);
  const hit = candidates.find(
    (w) =>
      w.field === rule ||
      fields.some((f) => w.field === f || w.field.startsWith(`${f}.`) || w.field.startsWith(`${f}[`)),
  );
  if (hit) return hit;
  // A rule present on one side only, or a whole virtual host: the VirtualService's reach.
  const reach = d.aspect === 'routes' && (d.istio === '(none)' || d.gatewayApi === '(none)');
  if (reach || d.aspect === 'vhost' || d.aspect === 'domains' || d.aspect === 'order')
    return candidates.find(
      (w) =>
        w.field === 'spec' ||
        w.field.startsWith('spec.hosts') ||
        w.field.startsWith('spec.gateways') ||
        (d.aspect === 'order' && w.code === 'precedence'),
    );
  return undefined;
}

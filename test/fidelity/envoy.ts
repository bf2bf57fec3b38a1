import { resolveCluster, serviceOf } from './clusters';
import type { World } from './corpus';
import { normalMatch, redirectOf } from './spelling';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One Envoy route after normalising names: what it matches and what it does, by aspect. */
export interface NormalRoute {
  /** The Envoy route name istiod gave it (says which rule it came from). */
  name: string;
  /** `istio.config` of the route metadata: the Istio config (VirtualService) it was built from. */
  config?: string;
  /** Aspect (match, destinations, timeout, ...) to its canonical JSON. */
  aspects: Record<string, string>;
  /** All aspects in one string, for equality. */
  key: string;
}

/** A virtual host a group of proxies receives, keyed by where traffic arrives (`sidecar|host:port`). */
export interface NormalVhost {
  key: string;
  domains: string[];
  routes: NormalRoute[];
}

/** Stable JSON: object keys sorted, so equal meaning prints equal. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v))
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function headerOps(r: Json): Json {
  const sortBy = (v: unknown) =>
    Array.isArray(v) ? [...v].map(canonical).sort() : v === undefined ? undefined : [canonical(v)];
  return {
    requestAdd: sortBy(r.requestHeadersToAdd),
    requestRemove: sortBy(r.requestHeadersToRemove),
    responseAdd: sortBy(r.responseHeadersToAdd),
    responseRemove: sortBy(r.responseHeadersToRemove),
  };
}

export function destinations(world: World, action: Json): unknown {
  if (typeof action.cluster === 'string')
    return [{ to: resolveCluster(world, action.cluster), weight: 'all' }];
  const wc = action.weightedClusters;
  if (isRecord(wc) && Array.isArray(wc.clusters)) {
    const total = wc.clusters.reduce((n: number, c) => n + Number(isRecord(c) ? (c.weight ?? 0) : 0), 0);
    // Equal targets are merged; weights are compared as shares of the total.
    const share = new Map<string, number>();
    const perCluster: string[] = [];
    for (const c of wc.clusters) {
      if (!isRecord(c)) continue;
      const to = resolveCluster(world, String(c.name));
      share.set(to, (share.get(to) ?? 0) + Number(c.weight ?? 0));
      const ops = canonical(headerOps(c));
      if (ops !== canonical(headerOps({}))) perCluster.push(`${to} ${ops}`);
    }
    const split = [...share.entries()].filter(([, w]) => w > 0);
    // One destination taking every request is one cluster, however written.
    const [only] = split;
    if (split.length === 1 && only && perCluster.length === 0) return [{ to: only[0], weight: 'all' }];
    return {
      split: [...share.entries()]
        .filter(([, w]) => w > 0)
        .map(([to, w]) => ({ to, weight: total ? Math.round((w / total) * 1000) / 10 : 0 }))
        .sort((a, b) => (a.to < b.to ? -1 : 1)),
      perCluster: perCluster.sort(),
    };
  }
  if (action.clusterHeader !== undefined) return { clusterHeader: action.clusterHeader };
  return undefined;
}

const ROUTE_KEYS_BY_ASPECT: Record<string, string[]> = {
  timeout: ['timeout', 'idleTimeout', 'maxStreamDuration', 'maxGrpcTimeout'],
  retries: ['retryPolicy'],
  rewrite: [
    'prefixRewrite',
    'regexRewrite',
    'pathRewritePolicy',
    'hostRewriteLiteral',
    'autoHostRewrite',
    'hostRewriteHeader',
    'hostRewritePathRegex',
  ],
  hashPolicy: ['hashPolicy'],
};

/** Splits one Envoy route into comparable aspects, with clusters resolved to the pods they reach. */
export function normalizeRoute(world: World, r: Json): NormalRoute {
  const aspects: Record<string, unknown> = {};
  // Envoy matches paths case-sensitively unless told otherwise.
  aspects.match = isRecord(r.match) ? normalMatch(r.match) : r.match;
  const action = isRecord(r.route) ? r.route : undefined;
  if (action) {
    aspects.destinations = destinations(world, action);
    const used = new Set(['cluster', 'weightedClusters', 'clusterHeader', 'requestMirrorPolicies']);
    // Gateway API routes answer 500 instead of 503 for a backend that does not exist: only compared then.
    used.add('clusterNotFoundResponseCode');
    if (canonical(aspects.destinations).includes('"nothing"'))
      aspects.missingBackend = action.clusterNotFoundResponseCode ?? 'SERVICE_UNAVAILABLE';
    for (const [aspect, keys] of Object.entries(ROUTE_KEYS_BY_ASPECT)) {
      const part: Json = {};
      for (const k of keys) {
        used.add(k);
        if (action[k] !== undefined) part[k] = action[k];
      }
      // Host names are case-insensitive (RFC 9110): a host rewrite in another case is the same host.
      if (typeof part.hostRewriteLiteral === 'string')
        part.hostRewriteLiteral = part.hostRewriteLiteral.toLowerCase();
      if (Object.keys(part).length) aspects[aspect] = part;
    }
    const mirrors = action.requestMirrorPolicies;
    if (Array.isArray(mirrors))
      aspects.mirror = mirrors
        .filter(isRecord)
        .map((m) => ({ ...m, cluster: resolveCluster(world, String(m.cluster)) }));
    const rest = Object.fromEntries(Object.entries(action).filter(([k]) => !used.has(k)));
    if (Object.keys(rest).length) aspects.routeOther = rest;
  }
  if (isRecord(r.redirect)) aspects.redirect = redirectOf(r.redirect);
  if (r.directResponse !== undefined) aspects.directResponse = r.directResponse;
  const ops = headerOps(r);
  if (canonical(ops) !== canonical(headerOps({}))) aspects.headers = ops;
  const filters = isRecord(r.typedPerFilterConfig) ? r.typedPerFilterConfig : {};
  for (const [filter, cfg] of Object.entries(filters)) {
    const aspect = filter.includes('cors') ? 'cors' : filter.includes('fault') ? 'fault' : `filter ${filter}`;
    aspects[aspect] = cfg;
  }
  const known = new Set([
    'name',
    'match',
    'route',
    'redirect',
    'directResponse',
    'requestHeadersToAdd',
    'requestHeadersToRemove',
    'responseHeadersToAdd',
    'responseHeadersToRemove',
    'typedPerFilterConfig',
    // Names, stats and tracing only:
    'metadata',
    'decorator',
    'statPrefix',
  ]);
  for (const [k, v] of Object.entries(r)) if (!known.has(k)) aspects[`other ${k}`] = v;
  const text = Object.fromEntries(Object.entries(aspects).map(([k, v]) => [k, canonical(v)]));
  const meta =
    isRecord(r.metadata) && isRecord(r.metadata.filterMetadata) ? r.metadata.filterMetadata.istio : undefined;
  const config = isRecord(meta) && typeof meta.config === 'string' ? meta.config : undefined;
  return { name: typeof r.name === 'string' ? r.name : '', config, aspects: text, key: canonical(text) };
}

/** `http.8080` / `https.443.…` / `9080`: the port a route configuration serves. */
function portOf(routeConfigName: string): string {
  const m = /^(?:https?\.)?(\d+)/.exec(routeConfigName);
  return m?.[1] ?? routeConfigName;
}

const CATCH_ALL = canonical({ prefix: '/' });

const sameAction = (a: NormalRoute, b: NormalRoute) =>
  canonical({ ...a.aspects, match: undefined }) === canonical({ ...b.aspects, match: undefined });

/**
 * The routes a request can reach, in order: none after a catch-all (Envoy takes the first match), and
 * none right before a catch-all that does the same (whether it matches or not, the request gets the same).
 */
function reachable(routes: readonly NormalRoute[]): NormalRoute[] {
  const cut = routes.findIndex((r) => r.aspects.match === CATCH_ALL);
  const kept = cut < 0 ? [...routes] : routes.slice(0, cut + 1);
  const out: NormalRoute[] = [];
  for (let i = kept.length - 1; i >= 0; i--) {
    const r = kept[i] as NormalRoute;
    const next = out[0];
    if (next && next.aspects.match === CATCH_ALL && sameAction(r, next)) continue;
    out.unshift(r);
  }
  return out;
}

/**
 * A sidecar's virtual host for a Service at a port the Service does not have: istiod applies a
 * VirtualService to every HTTP port of the sidecar, but no client reaches a Service at a port it lacks
 * (its ClusterIP has none), and every cluster there is missing.
 */
function portless(world: World, key: string): boolean {
  const m = /\|([^|]+):(\d+)$/.exec(key);
  if (!m) return false;
  const svc = serviceOf(world, m[1] ?? '');
  const ports = (svc?.spec as { ports?: { port: number }[] } | undefined)?.ports ?? [];
  return svc !== undefined && !ports.some((p) => p.port === Number(m[2]));
}

/**
 * Virtual hosts of a group of proxies, keyed `<group>|<vhost name>` (`sidecar|reviews.bookinfo.svc.cluster.local:9080`).
 * Istio's `require_tls: ALL` (an https redirect) reads as the one redirect route it means.
 */
export function normalizeVhosts(
  world: World,
  group: string,
  routeConfigs: readonly unknown[],
  clientPort: (port: string) => string = (p) => p,
): NormalVhost[] {
  const out = new Map<string, NormalVhost>();
  for (const rc of routeConfigs) {
    if (!isRecord(rc) || !Array.isArray(rc.virtualHosts)) continue;
    const rcName = String(rc.name ?? '');
    const port = clientPort(portOf(rcName));
    for (const vh of rc.virtualHosts) {
      if (!isRecord(vh)) continue;
      const name = String(vh.name ?? '');
      if (name === 'block_all' || name === 'allow_any') continue;
      // `ns/host:port` (a Gateway server's host) names the host; the port is where clients connect.
      const host = name.replace(/:\d+$/, '').replace(/^[^/]*\//, '');
      const key = `${group}|${host}:${port}`;
      if (group.startsWith('client/') && portless(world, key)) continue;
      let routes = (Array.isArray(vh.routes) ? vh.routes : [])
        .filter(isRecord)
        .map((r) => normalizeRoute(world, r));
      // require_tls redirects requests that did not come over TLS: every request of a plain listener.
      if (vh.requireTls === 'ALL' && !rcName.startsWith('https.'))
        routes = [
          normalizeRoute(world, {
            name: 'require-tls',
            match: { prefix: '/' },
            redirect: { httpsRedirect: true },
          }),
        ];
      routes = reachable(routes);
      // A virtual host without routes answers 404, as no virtual host does.
      if (routes.length === 0) continue;
      // A domain with a `/` (istiod's `ns/host` of a redirect-only server) matches no request's host.
      const domains = (Array.isArray(vh.domains) ? vh.domains.map(String) : [])
        .filter((d) => !d.includes('/'))
        .sort();
      if (domains.length === 0) continue;
      // At a gateway, requests reach a virtual host by their host: one entry per domain (istiod groups
      // a VirtualService's hosts in one virtual host, Gateway API routes make one per hostname).
      const entries =
        group === 'ingress'
          ? domains
              .filter((d) => !d.includes(':'))
              .map((d) => ({ key: `${group}|${d}:${port}`, domains: [d] }))
          : [{ key, domains }];
      for (const e of entries) {
        const prev = out.get(e.key);
        if (prev) {
          prev.routes.push(...routes);
          prev.domains = [...new Set([...prev.domains, ...e.domains])].sort();
        } else out.set(e.key, { key: e.key, domains: e.domains, routes: [...routes] });
      }
    }
  }
  return [...out.values()];
}

import type { KubeObject } from '../../k8s/objects';
import { arr, num, rec, str } from '../../mesh/fields';
import { dnsLabel } from '../names';
import type { Attachment, Feature, Need } from './types';

/** A generated route and where it sends traffic. */
export interface RouteInfo {
  kind: 'HTTPRoute' | 'GRPCRoute';
  namespace: string;
  name: string;
  gateway?: string;
  services: string[];
  hosts: string[];
}

/** Generated HTTP/gRPC routes attached to Gateways (north-south), with their backend Services. */
export function gatewayRoutes(resources: KubeObject[]): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const r of resources) {
    if (r.kind !== 'HTTPRoute' && r.kind !== 'GRPCRoute') continue;
    const ns = r.metadata.namespace ?? 'default';
    const spec = rec(r.spec);
    const gw = arr(spec?.parentRefs)
      .map(rec)
      .find((p) => (str(p?.kind) ?? 'Gateway') === 'Gateway');
    if (!gw) continue;
    const services = arr(spec?.rules).flatMap((rule) =>
      arr(rec(rule)?.backendRefs)
        .map(rec)
        .flatMap((b) => {
          const name = str(b?.name);
          return name && (str(b?.kind) ?? 'Service') === 'Service'
            ? [`${str(b?.namespace) ?? ns}/${name}`]
            : [];
        }),
    );
    const info: RouteInfo = {
      kind: r.kind,
      namespace: ns,
      name: r.metadata.name,
      services: [...new Set(services)].sort(),
      hosts: arr(spec?.hostnames).filter((h): h is string => typeof h === 'string'),
    };
    const gwName = str(gw?.name);
    if (gwName) info.gateway = gwName;
    out.push(info);
  }
  return out;
}

function serviceOfHost(host: string, ns: string): string | undefined {
  if (!host.includes('.')) return `${ns}/${host}`;
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)(\.svc(\..*)?)?$/.exec(host);
  return m ? `${m[2]}/${m[1]}` : undefined;
}

function drFeatures(
  tp: Record<string, unknown>,
  base: string,
): { feature: Feature; field: string; what: string }[] {
  const out: { feature: Feature; field: string; what: string }[] = [];
  const pool = rec(tp.connectionPool);
  if (pool) {
    const tcp = rec(pool.tcp);
    const http = rec(pool.http);
    const cb: Feature & { type: 'circuit-breaker' } = { type: 'circuit-breaker' };
    const set = <K extends keyof typeof cb>(k: K, v: (typeof cb)[K] | undefined) => {
      if (v !== undefined) cb[k] = v;
    };
    set('maxConnections', num(tcp?.maxConnections));
    set('maxPendingRequests', num(http?.http1MaxPendingRequests));
    set('maxParallelRequests', num(http?.http2MaxRequests));
    set('maxRequestsPerConnection', num(http?.maxRequestsPerConnection));
    set('connectTimeout', str(tcp?.connectTimeout));
    set('idleTimeout', str(http?.idleTimeout));
    if (Object.keys(cb).length > 1)
      out.push({
        feature: cb,
        field: `${base}.connectionPool`,
        what: 'connection pool limits (circuit breaking)',
      });
  }
  const od = rec(tp.outlierDetection);
  if (od) {
    const o: Feature & { type: 'outlier-detection' } = { type: 'outlier-detection' };
    const c5 = num(od.consecutive5xxErrors);
    const cg = num(od.consecutiveGatewayErrors);
    if (c5 !== undefined) o.consecutive5xxErrors = c5;
    if (cg !== undefined) o.consecutiveGatewayErrors = cg;
    const interval = str(od.interval);
    const base2 = str(od.baseEjectionTime);
    const max = num(od.maxEjectionPercent);
    if (interval) o.interval = interval;
    if (base2) o.baseEjectionTime = base2;
    if (max !== undefined) o.maxEjectionPercent = max;
    out.push({ feature: o, field: `${base}.outlierDetection`, what: 'outlier detection' });
  }
  const lb = rec(tp.loadBalancer);
  const simple = str(lb?.simple);
  if (simple && simple !== 'UNSPECIFIED' && simple !== 'PASSTHROUGH') {
    const method =
      simple === 'ROUND_ROBIN' ? 'round-robin' : simple === 'RANDOM' ? 'random' : 'least-request';
    out.push({
      feature: { type: 'load-balancer', method },
      field: `${base}.loadBalancer.simple`,
      what: `load balancing ${simple}`,
    });
  }
  const ch = rec(lb?.consistentHash);
  if (ch) {
    const header = str(ch.httpHeaderName);
    const cookie = str(rec(ch.httpCookie)?.name);
    const query = str(ch.httpQueryParameterName);
    const feature: Feature | undefined =
      ch.useSourceIp === true
        ? { type: 'hash', by: 'source-ip', nginxKey: '$remote_addr' }
        : header
          ? {
              type: 'hash',
              by: 'header',
              name: header,
              nginxKey: `$http_${header.toLowerCase().replace(/-/g, '_')}`,
            }
          : cookie
            ? { type: 'session-cookie', name: cookie }
            : query
              ? { type: 'hash', by: 'query', name: query, nginxKey: `$arg_${query}` }
              : undefined;
    if (feature)
      out.push({
        feature,
        field: `${base}.loadBalancer.consistentHash`,
        what: 'consistent-hash load balancing',
      });
  }
  return out;
}

/**
 * Needs from Istio resources that keep working under Istio but must become policies elsewhere:
 * DestinationRule traffic policies (per route to the Service, or the Service itself), RequestAuthentication JWT
 * rules (per route in the namespace), VirtualService retries (per route the VirtualService became).
 */
export function meshNeeds(
  input: {
    destinationrules?: KubeObject[];
    requestauthentications?: KubeObject[];
    virtualservices?: KubeObject[];
  },
  routes: RouteInfo[],
  sources: { source: string; outputs: string[] }[],
  namespace: string | undefined,
  retries: boolean,
): Need[] {
  const needs: Need[] = [];
  const inScope = (o: KubeObject) =>
    namespace === undefined || (o.metadata.namespace ?? 'default') === namespace;
  const routeAttach = (r: RouteInfo): Attachment => ({
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    services: r.services,
    hosts: r.hosts,
    ...(r.gateway ? { gateway: r.gateway } : {}),
  });
  for (const dr of (input.destinationrules ?? []).filter(inScope)) {
    const ns = dr.metadata.namespace ?? 'default';
    const spec = rec(dr.spec);
    const svc = serviceOfHost(str(spec?.host) ?? '', ns);
    const tp = rec(spec?.trafficPolicy);
    if (!svc || !tp) continue;
    const source = `DestinationRule/${ns}/${dr.metadata.name}`;
    const using = routes.filter((r) => r.services.includes(svc));
    const [svcNs, svcName] = svc.split('/') as [string, string];
    const attachments: Attachment[] = using.length
      ? using.map(routeAttach)
      : [{ kind: 'Service', namespace: svcNs, name: svcName, services: [svc] }];
    for (const f of drFeatures(tp, 'spec.trafficPolicy'))
      for (const attach of attachments) needs.push({ ...f, source, attach: { ...attach, services: [svc] } });
  }
  for (const ra of (input.requestauthentications ?? []).filter(inScope)) {
    const ns = ra.metadata.namespace ?? 'default';
    const rules = arr(rec(ra.spec)?.jwtRules).map(rec);
    const providers = rules.flatMap((r, i) => {
      const issuer = str(r?.issuer);
      const p: Extract<Feature, { type: 'jwt' }>['providers'][number] = {
        name: dnsLabel(issuer ?? `provider-${i}`),
      };
      if (issuer) p.issuer = issuer;
      const aud = arr(r?.audiences).filter((x): x is string => typeof x === 'string');
      if (aud.length) p.audiences = aud;
      const uri = str(r?.jwksUri);
      const jwks = str(r?.jwks);
      if (uri) p.jwksUri = uri;
      else if (jwks) p.jwks = jwks;
      else if (issuer) p.jwksUri = `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
      else return [];
      return [p];
    });
    if (!providers.length) continue;
    for (const r of routes.filter((x) => x.namespace === ns && x.services.length > 0))
      needs.push({
        feature: { type: 'jwt', providers },
        source: `RequestAuthentication/${ns}/${ra.metadata.name}`,
        field: 'spec.jwtRules',
        what: 'JWT validation',
        attach: routeAttach(r),
      });
  }
  if (retries) {
    for (const vs of (input.virtualservices ?? []).filter(inScope)) {
      const ns = vs.metadata.namespace ?? 'default';
      const source = `VirtualService/${ns}/${vs.metadata.name}`;
      const outputs = new Set(sources.find((s) => s.source === source)?.outputs ?? []);
      arr(rec(vs.spec)?.http).forEach((rule, i) => {
        const r = rec(rec(rule)?.retries);
        const attempts = num(r?.attempts);
        if (!r || !attempts) return;
        const feature: Feature & { type: 'retry' } = { type: 'retry', attempts };
        const per = str(r.perTryTimeout);
        if (per) feature.perTryTimeout = per;
        const on = (str(r.retryOn) ?? '').split(',').map((x) => x.trim());
        const triggers = on.filter((x) =>
          [
            '5xx',
            'gateway-error',
            'reset',
            'connect-failure',
            'retriable-4xx',
            'refused-stream',
            'cancelled',
            'deadline-exceeded',
            'internal',
            'resource-exhausted',
            'unavailable',
          ].includes(x),
        );
        const codes = on.filter((x) => /^\d{3}$/.test(x)).map(Number);
        if (triggers.length) feature.triggers = triggers;
        if (codes.length) feature.codes = codes;
        for (const route of routes.filter((x) => outputs.has(`${x.kind}/${x.namespace}/${x.name}`)))
          needs.push({
            feature,
            source,
            field: `spec.http[${i}].retries`,
            what: 'retries',
            attach: routeAttach(route),
          });
      });
    }
  }
  return needs;
}

import { processWide } from '../process-wide';
import { bool, compact, isRecord, list, num, type Rec, rec, str, stringMap, strings } from '../read-helpers';
import type {
  CorsPolicy,
  HeaderOperations,
  HTTPMatchRequest,
  HTTPMirrorPolicy,
  HTTPRouteDestination,
  IstioDestination,
  IstioHeaders,
  IstioHTTPRoute,
  L4MatchAttributes,
  RouteDestination,
  StringMatch,
  TCPRoute,
  TLSMatchAttributes,
  TLSRoute,
  VirtualServiceSpec,
} from './spec';

function stringMatch(v: unknown): StringMatch | undefined {
  return rec(v, (r) => compact({ exact: str(r.exact), prefix: str(r.prefix), regex: str(r.regex) }));
}

function matchMap(v: unknown): Record<string, StringMatch> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, StringMatch> = {};
  for (const [k, x] of Object.entries(v)) out[k] = stringMatch(x) ?? {};
  return out;
}

function destination(v: unknown): IstioDestination | undefined {
  return rec(v, (r) => {
    const host = str(r.host);
    if (host === undefined) return undefined;
    return compact({ host, subset: str(r.subset), port: rec(r.port, (p) => num(p.number)) });
  });
}

function headerOps(v: unknown): HeaderOperations | undefined {
  return rec(v, (r) => compact({ set: stringMap(r.set), add: stringMap(r.add), remove: strings(r.remove) }));
}

function headers(v: unknown): IstioHeaders | undefined {
  return rec(v, (r) => compact({ request: headerOps(r.request), response: headerOps(r.response) }));
}

function httpMatch(v: unknown): HTTPMatchRequest | undefined {
  return rec(v, (r) =>
    compact({
      name: str(r.name),
      uri: stringMatch(r.uri),
      scheme: stringMatch(r.scheme),
      method: stringMatch(r.method),
      authority: stringMatch(r.authority),
      headers: matchMap(r.headers),
      port: num(r.port),
      sourceLabels: stringMap(r.sourceLabels),
      gateways: strings(r.gateways),
      queryParams: matchMap(r.queryParams),
      ignoreUriCase: bool(r.ignoreUriCase),
      withoutHeaders: matchMap(r.withoutHeaders),
      sourceNamespace: str(r.sourceNamespace),
      statPrefix: str(r.statPrefix),
    }),
  );
}

function httpRouteDestination(v: unknown): HTTPRouteDestination | undefined {
  return rec(v, (r) =>
    compact({ destination: destination(r.destination), weight: num(r.weight), headers: headers(r.headers) }),
  );
}

function cors(v: unknown): CorsPolicy | undefined {
  return rec(v, (r) =>
    compact({
      allowOrigin: strings(r.allowOrigin),
      allowOrigins: list(r.allowOrigins, stringMatch),
      allowMethods: strings(r.allowMethods),
      allowHeaders: strings(r.allowHeaders),
      exposeHeaders: strings(r.exposeHeaders),
      maxAge: str(r.maxAge),
      allowCredentials: bool(r.allowCredentials),
      unmatchedPreflights: str(r.unmatchedPreflights),
    }),
  );
}

function mirrorPolicy(v: unknown): HTTPMirrorPolicy | undefined {
  return rec(v, (r) =>
    compact({
      destination: destination(r.destination),
      percentage: rec(r.percentage, (p) => ({ value: num(p.value) })),
    }),
  );
}

function httpRoute(v: unknown): IstioHTTPRoute | undefined {
  return rec(v, (r) =>
    compact({
      name: str(r.name),
      match: list(r.match, httpMatch),
      matchMapping: rec(r.match, (m) => httpMatch(m)),
      route: list(r.route, httpRouteDestination),
      redirect: rec(r.redirect, (x) =>
        compact({
          uri: str(x.uri),
          authority: str(x.authority),
          port: num(x.port),
          derivePort: str(x.derivePort),
          scheme: str(x.scheme),
          redirectCode: num(x.redirectCode),
        }),
      ),
      directResponse: rec(r.directResponse, (x) => compact({ status: num(x.status), body: x.body })),
      delegate: rec(r.delegate, (x) => compact({ name: str(x.name), namespace: str(x.namespace) })),
      rewrite: rec(r.rewrite, (x) =>
        compact({
          uri: str(x.uri),
          authority: str(x.authority),
          uriRegexRewrite: rec(x.uriRegexRewrite, (y) =>
            compact({ match: str(y.match), rewrite: str(y.rewrite) }),
          ),
        }),
      ),
      timeout: str(r.timeout),
      retries: rec(r.retries, (x) =>
        compact({
          attempts: num(x.attempts),
          perTryTimeout: str(x.perTryTimeout),
          retryOn: str(x.retryOn),
          retryRemoteLocalities: bool(x.retryRemoteLocalities),
          retryIgnorePreviousHosts: bool(x.retryIgnorePreviousHosts),
          backoff: str(x.backoff),
        }),
      ),
      fault: r.fault,
      mirror: destination(r.mirror),
      mirrorPercent: num(r.mirrorPercent),
      mirror_percent: num(r.mirror_percent),
      mirrorPercentage: rec(r.mirrorPercentage, (p) => ({ value: num(p.value) })),
      mirrors: list(r.mirrors, mirrorPolicy),
      corsPolicy: cors(r.corsPolicy),
      headers: headers(r.headers),
    }),
  );
}

function l4Match(r: Rec): L4MatchAttributes {
  return compact({
    destinationSubnets: strings(r.destinationSubnets),
    port: num(r.port),
    sourceLabels: stringMap(r.sourceLabels),
    gateways: strings(r.gateways),
    sourceNamespace: str(r.sourceNamespace),
    sourceSubnet: str(r.sourceSubnet),
  });
}

function routeDestination(v: unknown): RouteDestination | undefined {
  return rec(v, (r) => compact({ destination: destination(r.destination), weight: num(r.weight) }));
}

function tlsRoute(v: unknown): TLSRoute | undefined {
  return rec(v, (r) =>
    compact({
      match: list(r.match, (m) =>
        rec(m, (x): TLSMatchAttributes => compact({ ...l4Match(x), sniHosts: strings(x.sniHosts) })),
      ),
      route: list(r.route, routeDestination),
    }),
  );
}

function tcpRoute(v: unknown): TCPRoute | undefined {
  return rec(v, (r) =>
    compact({ match: list(r.match, (m) => rec(m, l4Match)), route: list(r.route, routeDestination) }),
  );
}

export function readVirtualService(spec: unknown): VirtualServiceSpec {
  return (
    rec(spec, (r) =>
      compact({
        hosts: strings(r.hosts),
        gateways: strings(r.gateways),
        http: list(r.http, httpRoute),
        tls: list(r.tls, tlsRoute),
        tcp: list(r.tcp, tcpRoute),
        exportTo: strings(r.exportTo),
      }),
    ) ?? {}
  );
}

// Objects in a snapshot are never changed in place: each is read once.
const readSpecs = processWide('istio:virtual-services', () => new WeakMap<object, VirtualServiceSpec>());

/** The typed spec of a VirtualService object, read once per object. */
export function virtualServiceOf(obj: { spec?: unknown }): VirtualServiceSpec {
  let spec = readSpecs.get(obj);
  if (!spec) {
    spec = readVirtualService(obj.spec);
    readSpecs.set(obj, spec);
  }
  return spec;
}

/** One place a VirtualService sends traffic: a route destination or a mirror. */
export interface SentTo {
  section: 'http' | 'tcp' | 'tls';
  destination: IstioDestination;
  /** The route entry's weight; absent for mirrors and unweighted entries. */
  weight?: number;
  /** Entries of the same rule, to read an absent weight as 100 when alone. */
  siblings: number;
  mirror?: true;
}

/** Every destination and mirror of every rule of a VirtualService, in rule order. */
export function sentTo(spec: VirtualServiceSpec): SentTo[] {
  const out: SentTo[] = [];
  const routes = (
    section: SentTo['section'],
    route: { destination?: IstioDestination; weight?: number }[] = [],
  ) => {
    for (const r of route)
      if (r.destination?.host)
        out.push({
          section,
          destination: r.destination,
          siblings: route.length,
          ...(r.weight !== undefined ? { weight: r.weight } : {}),
        });
  };
  for (const rule of spec.http ?? []) {
    routes('http', rule.route);
    const mirrors = [rule.mirror, ...(rule.mirrors ?? []).map((m) => m.destination)];
    for (const m of mirrors)
      if (m?.host) out.push({ section: 'http', destination: m, siblings: 1, mirror: true });
  }
  for (const rule of spec.tcp ?? []) routes('tcp', rule.route);
  for (const rule of spec.tls ?? []) routes('tls', rule.route);
  return out;
}

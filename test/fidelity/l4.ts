import type { KubeObject } from '@/lib/k8s/objects';
import { ingressPorts } from './check';
import { type FidelityCase, refOf } from './corpus';
import { canonical, destinations } from './envoy';
import { clusterIpOf } from './vips';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One LDS filter chain ending in a TCP proxy, as `istio-judge routes` returns it (listeners.go). */
export interface L4Chain {
  listener: string;
  address: string;
  port: number;
  match?: Json;
  metadata?: Json;
  tcpProxy: Json;
  default?: boolean;
}

/** A rule of the Istio input a chain may come from: `VirtualService/ns/name` and `spec.tcp[i]`. */
export interface RuleRef {
  resource: string;
  field: string;
}

/** A filter chain after normalising names, with its destinations resolved to the pods they reach. */
export interface NormalChain {
  /** `<group>|<listener>|<match>`: where connections arrive and which of them the chain takes. */
  key: string;
  /** `tls` when the chain matches by SNI, else `tcp`. */
  kind: 'tcp' | 'tls';
  destinations: string;
  /** The rest of the tcp_proxy config (names and stats aside). */
  other: string;
  /** The Istio rules the chain may come from (none: istiod's default for the Service). */
  rules: RuleRef[];
}

/** Chains that no route decides: the mesh's passthrough and HBONE tunnel. */
const IGNORED_CLUSTERS = new Set(['PassthroughCluster', 'InboundPassthroughCluster', 'connect_originate']);

const group = (proxy: string) => (proxy.startsWith('client/') ? proxy : 'ingress');

/** The filter chain match, arrays sorted (their order changes nothing). */
function matchKey(m: Json | undefined, isDefault: boolean): string {
  if (isDefault) return '(default)';
  if (!m) return '(any)';
  const out: Json = {};
  for (const [k, v] of Object.entries(m)) out[k] = Array.isArray(v) ? [...v].map(canonical).sort() : v;
  return canonical(out);
}

/** A filter chain match with several server names as one match per name. */
function perServerName(m: Json | undefined): (Json | undefined)[] {
  const names = Array.isArray(m?.serverNames) ? m.serverNames : [];
  if (names.length < 2) return [m];
  return [...new Set(names.map(String))].map((name) => ({ ...m, serverNames: [name] }));
}

interface IstioRule {
  ref: RuleRef;
  kind: 'tcp' | 'tls';
  vs: KubeObject;
  sni: string[];
  destinations: string;
  mesh: boolean;
  gateways: boolean;
}

const FQDN_SUFFIX = '.svc.cluster.local';

function fqdn(host: string, ns: string): string {
  if (host.includes('.')) return host.split('.').length === 2 ? `${host}${FQDN_SUFFIX}` : host;
  return `${host}.${ns}${FQDN_SUFFIX}`;
}

/** The tcp and tls rules of the input's VirtualServices, each with the pods its destinations reach. */
export function istioRules(c: FidelityCase): IstioRule[] {
  const out: IstioRule[] = [];
  for (const vs of c.input.virtualservices ?? []) {
    const ns = vs.metadata.namespace ?? 'default';
    const spec = (vs.spec ?? {}) as Json;
    const gws = Array.isArray(spec.gateways) ? spec.gateways.map(String) : [];
    const mesh = gws.length === 0 || gws.includes('mesh');
    for (const kind of ['tcp', 'tls'] as const) {
      const rules = Array.isArray(spec[kind]) ? (spec[kind] as unknown[]) : [];
      rules.forEach((rule, i) => {
        if (!isRecord(rule)) return;
        const route = Array.isArray(rule.route) ? rule.route.filter(isRecord) : [];
        const clusters = route.map((d) => {
          const dest = isRecord(d.destination) ? d.destination : {};
          const port = isRecord(dest.port) ? Number(dest.port.number ?? 0) : 0;
          const name = `outbound|${port}|${String(dest.subset ?? '')}|${fqdn(String(dest.host ?? ''), ns)}`;
          return { name, weight: Number(d.weight ?? (route.length === 1 ? 100 : 0)) };
        });
        const matches = Array.isArray(rule.match) ? rule.match.filter(isRecord) : [];
        out.push({
          ref: { resource: refOf(vs), field: `spec.${kind}[${i}]` },
          kind,
          vs,
          sni: matches.flatMap((m) => (Array.isArray(m.sniHosts) ? m.sniHosts.map(String) : [])),
          destinations: canonical(destinations(c.world, { weightedClusters: { clusters } })),
          mesh,
          gateways: gws.some((g) => g !== 'mesh'),
        });
      });
    }
  }
  return out;
}

const sniOverlaps = (a: readonly string[], b: readonly string[]) =>
  a.some((x) =>
    b.some(
      (y) =>
        x === y ||
        (x.startsWith('*') && y.endsWith(x.slice(1))) ||
        (y.startsWith('*') && x.endsWith(y.slice(1))),
    ),
  );

/** The VirtualService (`ns/name`) istiod names in a chain's metadata, for the gateway side its route. */
function configOf(ch: L4Chain): { ns: string; name: string } | undefined {
  const meta =
    isRecord(ch.metadata) && isRecord(ch.metadata.filterMetadata) ? ch.metadata.filterMetadata : {};
  const istio = isRecord(meta.istio) ? meta.istio : {};
  const m = /\/namespaces\/([^/]+)\/virtual-service\/([^/]+)$/.exec(String(istio.config ?? ''));
  return m ? { ns: m[1] ?? '', name: m[2] ?? '' } : undefined;
}

/** The input rule a converted TCPRoute/TLSRoute (named in a chain's metadata) came from. */
function convertedRule(c: FidelityCase, cfg: { ns: string; name: string }): RuleRef | undefined {
  const m = /^(.+)~(tcp|tls)~\d+~/.exec(cfg.name);
  if (!m) return undefined;
  const resource = `${m[2] === 'tcp' ? 'TCPRoute' : 'TLSRoute'}/${cfg.ns}/${m[1]}`;
  for (const [vs, map] of c.ruleMaps)
    for (const r of map)
      if (r.outputs.some((o) => o.resource === resource)) return { resource: vs, field: r.field };
  return undefined;
}

/** The rules a chain may come from: named by its metadata, else those whose SNI and destinations fit. */
function rulesOf(
  c: FidelityCase,
  rules: readonly IstioRule[],
  ch: L4Chain,
  n: Omit<NormalChain, 'rules' | 'key'>,
  side: 'istio' | 'gateway-api',
  atGateway: boolean,
  ports: readonly string[],
): RuleRef[] {
  const cfg = configOf(ch);
  // A sidecar chain without a config in its metadata is istiod's own for the Service: no rule's.
  if (!cfg && !atGateway) return [];
  if (cfg && side === 'gateway-api') {
    const r = convertedRule(c, cfg);
    if (r) return [r];
  }
  const sni = Array.isArray(ch.match?.serverNames) ? ch.match.serverNames.map(String) : [];
  const fits = rules.filter(
    (r) =>
      r.kind === n.kind &&
      (atGateway ? r.gateways : r.mesh) &&
      (!cfg || side !== 'istio' || refOf(r.vs) === `VirtualService/${cfg.ns}/${cfg.name}`) &&
      (r.kind === 'tcp' || sniOverlaps(r.sni, sni)),
  );
  const exact = fits.filter((r) => r.destinations === n.destinations);
  if (exact.length) return exact.map((r) => r.ref);
  // At the ingress, a chain no rule makes comes from a Gateway server (AUTO_PASSTHROUGH) on its port.
  if (atGateway && fits.length === 0) return gatewayServers(c, ports);
  return fits.map((r) => r.ref);
}

/** The servers of the input's Istio Gateways listening on one of `ports`. */
function gatewayServers(c: FidelityCase, ports: readonly string[]): RuleRef[] {
  return (c.input.istiogateways ?? []).flatMap((gw) => {
    const servers = ((gw.spec ?? {}) as { servers?: { port?: { number?: number } }[] }).servers ?? [];
    return servers.flatMap((s, i) =>
      ports.includes(String(s.port?.number)) ? [{ resource: refOf(gw), field: `spec.servers[${i}]` }] : [],
    );
  });
}

/** Chains of one side, keyed by where and which connections they take; per-subset Services aside. */
export function normalizeChains(
  c: FidelityCase,
  listeners: Record<string, L4Chain[]>,
  side: 'istio' | 'gateway-api',
): Map<string, NormalChain[]> {
  const vips = new Map<string, string>();
  const generated = new Set<string>();
  for (const s of c.world.services) {
    const ns = s.metadata.namespace ?? 'default';
    const ip = (s.spec as { clusterIP?: string } | undefined)?.clusterIP ?? clusterIpOf(ns, s.metadata.name);
    vips.set(ip, `${ns}/${s.metadata.name}`);
  }
  // Per-subset Services and the Services of Gateways exist on the converted side only.
  for (const g of c.world.generated) {
    const [ns = '', name = ''] = g.split('/');
    const svc = c.world.services.find((s) => s.metadata.namespace === ns && s.metadata.name === name);
    generated.add((svc?.spec as { clusterIP?: string } | undefined)?.clusterIP ?? clusterIpOf(ns, name));
  }
  const rules = istioRules(c);
  const out = new Map<string, NormalChain[]>();
  for (const [proxy, chains] of Object.entries(listeners)) {
    const router = c.sides[0].proxies.find((p) => p.name === proxy && p.type === 'router');
    const port = side === 'istio' && router ? ingressPorts(c, router.labels ?? {}) : (p: string) => p;
    const atGateway = group(proxy) === 'ingress';
    for (const ch of chains) {
      // The outbound capture listener's own chain (to itself: blackhole) is no route's.
      if (generated.has(ch.address) || ch.listener === 'virtualOutbound') continue;
      const tp = ch.tcpProxy;
      if (typeof tp.cluster === 'string' && IGNORED_CLUSTERS.has(tp.cluster)) continue;
      const where = vips.has(ch.address) ? `service ${vips.get(ch.address)}` : ch.address;
      const at = `${group(proxy)}|${where}:${port(String(ch.port))}`;
      const { statPrefix: _s, accessLog: _a, cluster: _c, weightedClusters: _w, ...rest } = tp;
      const sni = Array.isArray(ch.match?.serverNames) && ch.match.serverNames.length > 0;
      const n = {
        kind: sni ? ('tls' as const) : ('tcp' as const),
        destinations: canonical(destinations(c.world, tp)),
        other: canonical(rest),
      };
      const chain: Omit<NormalChain, 'key'> = {
        ...n,
        rules: rulesOf(c, rules, ch, n, side, atGateway, [String(ch.port), port(String(ch.port))]),
      };
      // Envoy takes a connection whose SNI is any of the names: one entry per name.
      for (const m of perServerName(ch.match)) {
        const key = `${at}|${matchKey(m, ch.default === true)}`;
        out.set(key, [...(out.get(key) ?? []), { ...chain, key }]);
      }
    }
  }
  return out;
}

import {
  announcement,
  type Difference,
  diffVhost,
  gatewaySource,
  istioSource,
  type SourcedVhost,
} from './compare';
import type { FidelityCase } from './corpus';
import { normalizeVhosts } from './envoy';
import type { Rejected, RoutesResult } from './judge';
import type { L4Summary } from './l4-check';
import type { Admission } from './valid';

/** `equivalent`: same Envoy routes; `announced`: every difference has its warning; `unannounced`: not. */
export type Verdict = 'equivalent' | 'announced' | 'unannounced';

export interface CaseOutcome {
  id: string;
  group: string;
  verdict: Verdict;
  /** Virtual hosts compared. */
  vhosts: number;
  differences: Difference[];
  /** Objects Istio's validation refuses on either side (istiod never sees them). */
  rejected: Rejected[];
  /** What Istio's validation took out of the input before it was converted. */
  admission?: Admission;
  /** A failure of the judge itself on either side. */
  error?: string;
  /** TCP and TLS routes: the TCP proxy filter chains compared (l4-check.ts). */
  l4?: L4Summary;
}

/** Proxy groups compared: every sidecar client and waypoint on its own; all ingress proxies together. */
function group(proxy: string): string {
  return proxy.startsWith('client/') || proxy.startsWith('waypoint/') ? proxy : 'ingress';
}

function vhostsOf(
  c: FidelityCase,
  r: RoutesResult,
  side: 'istio' | 'gateway-api',
): Map<string, SourcedVhost> {
  const out = new Map<string, SourcedVhost>();
  for (const [proxy, configs] of Object.entries(r.proxies)) {
    const router =
      side === 'istio' ? c.sides[0].proxies.find((p) => p.name === proxy && p.type === 'router') : undefined;
    const clientPort = router ? ingressPorts(c, router.labels ?? {}) : undefined;
    for (const vh of normalizeVhosts(c.world, group(proxy), configs, clientPort)) {
      const routes = vh.routes.map((rt) => ({
        ...rt,
        source: side === 'istio' ? istioSource(rt) : gatewaySource(c, rt.name),
      }));
      const prev = out.get(vh.key);
      if (prev) prev.routes.push(...routes);
      else out.set(vh.key, { ...vh, routes });
    }
  }
  return out;
}

/**
 * Where clients connect to an Istio gateway server: the port of the ingress Service (selecting the
 * gateway's pods) that is the server's port, else the one that targets it; the server's port otherwise.
 */
export function ingressPorts(c: FidelityCase, labels: Record<string, string>): (port: string) => string {
  const ports = (c.input.services ?? [])
    .filter((s) => {
      const sel = (s.spec as { selector?: Record<string, string> } | undefined)?.selector;
      // The Service selects the gateway's pods: one selector holds the other (the pods carry both).
      if (!sel || Object.keys(sel).length === 0) return false;
      const within = (x: Record<string, string>, y: Record<string, string>) =>
        Object.entries(x).every(([k, v]) => y[k] === v);
      return within(labels, sel) || within(sel, labels);
    })
    .flatMap((s) => (s.spec as { ports?: { port: number; targetPort?: number | string }[] }).ports ?? []);
  return (port) => {
    if (ports.some((p) => String(p.port) === port)) return port;
    const behind = ports.find((p) => String(p.targetPort) === port);
    return behind ? String(behind.port) : port;
  };
}

/**
 * The virtual host a request for `key`'s host reaches on a side that has none of that name: Envoy
 * picks the most specific wildcard domain (`*.example.com` before `*`) on the same port.
 */
function servedBy(key: string, vhosts: Map<string, SourcedVhost>): SourcedVhost | undefined {
  const m = /^(.*)\|([^|]+):(\d+)$/.exec(key);
  if (m?.[1] !== 'ingress') return undefined;
  const [, grp, host = '', port] = m;
  let best: { len: number; vh: SourcedVhost } | undefined;
  for (const vh of vhosts.values()) {
    const w = /^(.*)\|(\*[^|]*):(\d+)$/.exec(vh.key);
    if (!w || w[1] !== grp || w[3] !== port) continue;
    const suffix = (w[2] ?? '').slice(1);
    if (host.endsWith(suffix) && host.length > suffix.length && (!best || suffix.length > best.len))
      best = { len: suffix.length, vh };
  }
  return best?.vh;
}

/** Per-subset Services exist only on the converted side; their virtual hosts are not differences. */
function generatedVhost(c: FidelityCase, key: string): boolean {
  const m = /\|([^.|:]+)\.([^.|:]+)\.svc\.cluster\.local:/.exec(key);
  return m !== null && c.world.generated.has(`${m[2]}/${m[1]}`);
}

const NONE = '(none)';

/**
 * Istio's default route of a virtual host (no rule of a VirtualService applies there) present on one
 * side only is the other half of the rules that apply there on the other side: announced when they are.
 */
function counterpartAnnouncement(d: Difference, all: readonly Difference[]): Difference['announcedBy'] {
  if (d.source !== 'istio-default' || d.aspect !== 'routes') return undefined;
  const defaultOnIstio = d.gatewayApi === NONE;
  if (!defaultOnIstio && d.istio !== NONE) return undefined;
  const others = all.filter(
    (o) =>
      o.vhost === d.vhost &&
      o.source !== 'istio-default' &&
      o.aspect === 'routes' &&
      (defaultOnIstio ? o.istio === NONE : o.gatewayApi === NONE),
  );
  if (others.length === 0 || others.some((o) => !o.announcedBy)) return undefined;
  return others[0]?.announcedBy;
}

/** Compares what istiod pushes for the Istio objects and for their conversion. */
export function checkCase(c: FidelityCase, istio: RoutesResult, gw: RoutesResult): CaseOutcome {
  const rejected = [...(istio.rejected ?? []), ...(gw.rejected ?? [])];
  const error = istio.error ?? gw.error;
  const base = { id: c.id, group: c.group, rejected };
  if (error) return { ...base, verdict: 'unannounced', vhosts: 0, differences: [], error };
  const a = vhostsOf(c, istio, 'istio');
  const b = vhostsOf(c, gw, 'gateway-api');
  const differences: Difference[] = [];
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => !generatedVhost(c, k)).sort();
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    // A host one side names and the other serves by a wildcard: the same requests, compared by routes.
    const fx =
      x ??
      (y && servedBy(key, a) ? { ...(servedBy(key, a) as SourcedVhost), domains: y.domains } : undefined);
    const fy =
      y ??
      (x && servedBy(key, b) ? { ...(servedBy(key, b) as SourcedVhost), domains: x.domains } : undefined);
    differences.push(...diffVhost(key, fx, fy));
  }
  for (const d of differences) d.announcedBy = announcement(d, c.conversion.warnings);
  for (const d of differences) if (!d.announcedBy) d.announcedBy = counterpartAnnouncement(d, differences);
  return { ...base, verdict: verdictOf(differences), vhosts: keys.length, differences };
}

/** Equivalent without differences, announced when each has its warning, unannounced otherwise. */
export function verdictOf(differences: readonly Difference[]): Verdict {
  if (differences.length === 0) return 'equivalent';
  return differences.every((d) => d.announcedBy) ? 'announced' : 'unannounced';
}

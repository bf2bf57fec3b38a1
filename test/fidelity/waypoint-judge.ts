import { type CaseOutcome, checkCase } from './check';
import { type FidelityCase, ISTIO_RULE_PREFIX } from './corpus';
import { type RoutesResult, runJudgeParallel } from './judge';
import { WAYPOINT_PROXY_PREFIX, waypointCase } from './waypoint-routes';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const INBOUND_VIP = /^inbound-vip\|(\d+)\|[^|]*\|(.+)$/;

/**
 * A waypoint's route configurations named as a sidecar's are: istiod names each
 * `inbound-vip|<port>|http|<host>` with one virtual host `inbound|http|<port>` for every domain
 * (the filter chain already chose the Service); renamed `<port>` with virtual host `<host>` so the
 * usual normalisation keys them by Service and port. Other proxies' are left as they are.
 */
export function asServiceRoutes(r: RoutesResult): RoutesResult {
  const proxies: Record<string, unknown[]> = {};
  for (const [proxy, configs] of Object.entries(r.proxies)) {
    if (!proxy.startsWith(WAYPOINT_PROXY_PREFIX)) {
      proxies[proxy] = configs;
      continue;
    }
    // Only the Services' route configurations: the rest (`encap`) is the waypoint's own tunnel.
    proxies[proxy] = configs.filter(isRecord).flatMap((rc) => {
      const m = INBOUND_VIP.exec(String(rc.name ?? ''));
      if (!m) return [];
      const [, port, host] = m;
      const vhosts = Array.isArray(rc.virtualHosts) ? rc.virtualHosts.filter(isRecord) : [];
      return [{ ...rc, name: port, virtualHosts: vhosts.map((vh) => ({ ...vh, name: host })) }];
    });
  }
  return { ...r, proxies };
}

/** Random inputs judged on waypoints too (the first ones): the rest are judged on sidecars only. */
export const WAYPOINT_RANDOM_CASES = 50;

/** The waypoint judgement of a corpus. */
export interface WaypointJudgement {
  outcomes: CaseOutcome[];
  /** Routes istiod built on the waypoints from the Istio side's VirtualService rules (not its defaults). */
  virtualServiceRoutes: number;
}

const ruleRoutes = (r: RoutesResult) =>
  Object.values(r.proxies)
    .flat()
    .filter(isRecord)
    .flatMap((rc) => (Array.isArray(rc.virtualHosts) ? rc.virtualHosts : []))
    .filter(isRecord)
    .flatMap((vh) => (Array.isArray(vh.routes) ? vh.routes : []))
    .filter((rt) => isRecord(rt) && String(rt.name ?? '').startsWith(ISTIO_RULE_PREFIX)).length;

/**
 * Judges the waypoint variant of every case that has one (the Istio objects and the converted ones,
 * each on the waypoints the namespaces use) and compares the routes each waypoint receives. Every
 * case but the random ones, and the first WAYPOINT_RANDOM_CASES random ones.
 */
export async function judgeWaypoints(
  cases: readonly FidelityCase[],
  workers: number,
): Promise<WaypointJudgement> {
  let random = 0;
  const chosen = cases.filter((c) => c.group !== 'random' || ++random <= WAYPOINT_RANDOM_CASES);
  const ambient = chosen
    .map((c, i) => waypointCase(c, i + 1))
    .filter((c): c is FidelityCase => c !== undefined);
  const results = await runJudgeParallel<RoutesResult>('routes', ambient, workers);
  let virtualServiceRoutes = 0;
  const outcomes = ambient.map((c) => {
    const istio = results.find((r) => r.case === c.id && r.side === 'istio');
    const gw = results.find((r) => r.case === c.id && r.side === 'gateway-api');
    if (!istio || !gw) throw new Error(`no judgement for ${c.id}`);
    const a = asServiceRoutes(istio);
    virtualServiceRoutes += ruleRoutes(a);
    return checkCase(c, a, asServiceRoutes(gw));
  });
  return { outcomes, virtualServiceRoutes };
}

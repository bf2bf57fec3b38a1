/**
 * LoadBalancer addresses of ingress Gateways: which Service each Gateway gets, its address once
 * assigned, and with MetalLB the pool and advertisements that will serve a new one. Pure.
 */
import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { arr, rec, str, strMap } from '../mesh/fields';
import { GATEWAY_NAME_LABEL, WAYPOINT_CLASS } from '../mesh/labels';
import type { Finding } from '../migrate/types';
import { addresses, type Ipv4Range, inRanges, parseRange, rangeSize } from './ip-ranges';

export const POOL_ANNOTATIONS = ['metallb.io/address-pool', 'metallb.universe.tf/address-pool'];

export interface PoolView {
  namespace: string;
  name: string;
  addresses: string[];
  autoAssign: boolean;
  /** IPv4 addresses in the pool (IPv6 entries are not counted). */
  total: number;
  used: number;
  free: number;
  /** Free addresses once the planned Gateways took theirs. */
  freeAfterPlan: number;
  /** L2Advertisement / BGPAdvertisement names (`L2/<name>`, `BGP/<name>`) announcing it. */
  advertisements: string[];
  /** Namespaces it is limited to (serviceAllocation.namespaces), empty for any. */
  namespaces: string[];
}

export interface GatewayAddress {
  /** `Gateway/<ns>/<name>` (Gateway API). */
  gateway: string;
  namespace: string;
  name: string;
  /** Converted from an Istio Gateway and not created yet. */
  planned: boolean;
  service?: string;
  serviceType: string;
  address?: string;
  state: 'assigned' | 'pending' | 'will-be-assigned' | 'no-address' | 'not-load-balancer';
  /** The pool that serves (or will serve) it. */
  pool?: string;
  /** The address MetalLB would hand out next. */
  nextAddress?: string;
  findings: Finding[];
}

export interface LoadBalancerView {
  provider: 'metallb' | 'other' | 'none';
  pools: PoolView[];
  gateways: GatewayAddress[];
}

interface Pool extends PoolView {
  ranges: Ipv4Range[];
  avoidBuggyIPs: boolean;
  priority: number;
  taken: Set<string>;
}

function lbAddress(svc: KubeObject | undefined): string | undefined {
  const ingress = rec(arr(rec(rec(svc?.status)?.loadBalancer)?.ingress)[0]);
  return str(ingress?.ip) ?? str(ingress?.hostname);
}

function advertised(pool: KubeObject, advs: KubeObject[], prefix: string): string[] {
  return advs
    .filter((a) => a.metadata.namespace === pool.metadata.namespace)
    .filter((a) => {
      const spec = rec(a.spec);
      const names = arr(spec?.ipAddressPools).map(str);
      const selectors = arr(spec?.ipAddressPoolSelectors).map(rec);
      if (names.length === 0 && selectors.length === 0) return true;
      if (names.includes(pool.metadata.name)) return true;
      return selectors.some((s) => {
        const match = strMap(s?.matchLabels) ?? {};
        return (
          Object.keys(match).length > 0 &&
          Object.entries(match).every(([k, v]) => pool.metadata.labels?.[k] === v)
        );
      });
    })
    .map((a) => `${prefix}/${a.metadata.name}`);
}

function pools(resources: ResourceSet, lbServices: KubeObject[]): Pool[] {
  return resources.ipaddresspools.map((p) => {
    const spec = rec(p.spec);
    const entries = arr(spec?.addresses).filter((a): a is string => typeof a === 'string');
    const ranges = entries.map(parseRange).filter((r): r is Ipv4Range => r !== undefined);
    const avoidBuggyIPs = spec?.avoidBuggyIPs === true;
    const taken = new Set(
      lbServices.map(lbAddress).filter((a): a is string => a !== undefined && inRanges(ranges, a)),
    );
    const total = rangeSize(ranges, avoidBuggyIPs);
    const allocation = rec(spec?.serviceAllocation);
    return {
      namespace: p.metadata.namespace ?? '',
      name: p.metadata.name,
      addresses: entries,
      autoAssign: spec?.autoAssign !== false,
      total,
      used: taken.size,
      free: Math.max(0, total - taken.size),
      freeAfterPlan: Math.max(0, total - taken.size),
      advertisements: [
        ...advertised(p, resources.l2advertisements, 'L2'),
        ...advertised(p, resources.bgpadvertisements, 'BGP'),
      ],
      namespaces: arr(allocation?.namespaces).filter((n): n is string => typeof n === 'string'),
      ranges,
      avoidBuggyIPs,
      priority: typeof allocation?.priority === 'number' ? allocation.priority : Number.MAX_SAFE_INTEGER,
      taken,
    };
  });
}

/** The pool MetalLB would pick for a Service of `ns` (a requested pool, else auto-assign pools by priority). */
function candidatePools(all: Pool[], ns: string, requested: string | undefined): Pool[] {
  if (requested) return all.filter((p) => p.name === requested);
  return all
    .filter((p) => p.autoAssign && (p.namespaces.length === 0 || p.namespaces.includes(ns)))
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

function nextFree(pool: Pool): string | undefined {
  for (const a of addresses(pool.ranges, pool.avoidBuggyIPs)) if (!pool.taken.has(a)) return a;
  return undefined;
}

function isWaypoint(gw: KubeObject): boolean {
  return str(rec(gw.spec)?.gatewayClassName) === WAYPOINT_CLASS;
}

function finding(
  g: GatewayAddress,
  severity: Finding['severity'],
  what: string,
  message: string,
  fix: string,
): Finding {
  return { id: `lb-${what}:${g.namespace}/${g.name}`, severity, resource: g.gateway, message, fix };
}

/** Options of {@link loadBalancers}. */
export interface LoadBalancerOptions {
  /**
   * Only the Istio Gateways of these namespaces are converted (one namespace's plan); by default
   * every Istio Gateway without a Gateway API twin is.
   */
  plannedNamespaces?: ReadonlySet<string>;
}

/**
 * Every ingress Gateway (Gateway API ones that exist, and those the plan converts from Istio
 * Gateways) with its Service, address and, with MetalLB, the pool serving it. Planned Gateways
 * take addresses in name order, so several new Gateways cannot count the same free address twice.
 */
export function loadBalancers(resources: ResourceSet, opts: LoadBalancerOptions = {}): LoadBalancerView {
  const lbServices = resources.services.filter((s) => str(rec(s.spec)?.type) === 'LoadBalancer');
  const all = pools(resources, lbServices);
  const provider: LoadBalancerView['provider'] =
    all.length > 0 ? 'metallb' : lbServices.some((s) => lbAddress(s) !== undefined) ? 'other' : 'none';
  const existing = resources.gateways.filter((g) => !isWaypoint(g));
  const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  const existingKeys = new Set(existing.map(key));
  const planned = resources.istiogateways.filter(
    (g) =>
      !existingKeys.has(key(g)) &&
      (!opts.plannedNamespaces || opts.plannedNamespaces.has(g.metadata.namespace ?? '')),
  );
  const items: { gw: KubeObject; planned: boolean }[] = [
    ...existing.map((gw) => ({ gw, planned: false })),
    ...planned.map((gw) => ({ gw, planned: true })),
  ].sort((a, b) => key(a.gw).localeCompare(key(b.gw)));
  const gateways = items.map(({ gw, planned: isPlanned }) => {
    const ns = gw.metadata.namespace ?? '';
    const svc = isPlanned
      ? undefined
      : resources.services.find(
          (s) => s.metadata.namespace === ns && s.metadata.labels?.[GATEWAY_NAME_LABEL] === gw.metadata.name,
        );
    const serviceType = svc ? (str(rec(svc.spec)?.type) ?? 'ClusterIP') : 'LoadBalancer';
    const address = lbAddress(svc) ?? str(rec(arr(rec(gw.status)?.addresses)[0])?.value);
    const g: GatewayAddress = {
      gateway: `Gateway/${ns}/${gw.metadata.name}`,
      namespace: ns,
      name: gw.metadata.name,
      planned: isPlanned,
      ...(svc ? { service: `Service/${ns}/${svc.metadata.name}` } : {}),
      serviceType,
      state: 'pending',
      findings: [],
    };
    if (serviceType !== 'LoadBalancer') {
      g.state = 'not-load-balancer';
      if (address) g.address = address;
      return g;
    }
    if (svc && lbAddress(svc)) {
      g.state = 'assigned';
      g.address = lbAddress(svc);
      const pool = all.find((p) => inRanges(p.ranges, g.address ?? ''));
      if (pool) g.pool = `${pool.namespace}/${pool.name}`;
      return g;
    }
    if (provider === 'none') {
      g.state = 'pending';
      g.findings.push(
        finding(
          g,
          'warning',
          'no-provider',
          `No load-balancer provider is visible (no MetalLB pool, no LoadBalancer Service with an address): the ${isPlanned ? 'new ' : ''}Gateway's Service will stay <pending> without an external address.`,
          "Install a load-balancer provider (MetalLB on bare metal, the cloud controller elsewhere), or set the Gateway's Service type to NodePort/ClusterIP through spec.infrastructure.",
        ),
      );
      return g;
    }
    if (provider === 'other') {
      g.state = isPlanned ? 'will-be-assigned' : 'pending';
      return g;
    }
    const requested = POOL_ANNOTATIONS.map(
      (a) => svc?.metadata.annotations?.[a] ?? gw.metadata.annotations?.[a],
    ).find(Boolean);
    const candidates = candidatePools(all, ns, requested);
    const pool = candidates.find((p) => nextFree(p) !== undefined);
    if (!pool) {
      g.state = 'no-address';
      const names =
        candidates.map((p) => `${p.namespace}/${p.name}`).join(', ') || 'none usable from this namespace';
      g.findings.push(
        finding(
          g,
          'blocker',
          'pool-exhausted',
          `MetalLB cannot give ${g.gateway} an address: pools ${names} have no free address left.`,
          'Add addresses to an IPAddressPool (or a new pool), free an address, or let the Gateway share the existing ingress address before moving.',
        ),
      );
      return g;
    }
    const next = nextFree(pool);
    if (next) pool.taken.add(next);
    g.state = svc ? 'pending' : 'will-be-assigned';
    g.pool = `${pool.namespace}/${pool.name}`;
    if (next) g.nextAddress = next;
    if (pool.advertisements.length === 0) {
      g.findings.push(
        finding(
          g,
          'warning',
          'not-advertised',
          `Pool ${g.pool} is not announced by any L2Advertisement or BGPAdvertisement: ${g.gateway} gets an address nobody can reach.`,
          'Add an L2Advertisement (or BGPAdvertisement) that lists the pool.',
        ),
      );
    }
    return g;
  });
  for (const p of all) p.freeAfterPlan = Math.max(0, p.total - p.taken.size);
  return {
    provider,
    pools: all.map(({ ranges: _r, avoidBuggyIPs: _a, priority: _p, taken: _t, ...view }) => view),
    gateways,
  };
}

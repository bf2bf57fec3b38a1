/** Simulated MetalLB (addresses for LoadBalancer Services) and cert-manager (issued Certificates). */
import type { KubeObject } from '../k8s/objects';
import { addresses, type Ipv4Range, inRanges, parseRange } from '../platform/ip-ranges';
import { POOL_ANNOTATIONS } from '../platform/load-balancers';
import { mergeConditions } from './gateways';
import { STAND_IN_LB_PREFIX } from './ids';
import type { ControllerContext } from './pods';

/** Demo-only annotation on a Certificate: it expires this many days after the demo starts. */
export const EXPIRES_IN_DAYS_ANNOTATION = 'demo.mesh-migrator.io/expires-in-days';
/** Demo-only annotation on a Certificate or issuer: it is not Ready, for this reason. */
export const NOT_READY_ANNOTATION = 'demo.mesh-migrator.io/not-ready';

const METALLB = 'metallb-controller';
const CERT_MANAGER = 'cert-manager-certificates-issuing';
const DAY = 86_400_000;

interface Pool {
  name: string;
  ranges: Ipv4Range[];
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  namespaces: string[];
}

function poolsOf(items: KubeObject[]): Pool[] {
  return items
    .map((p) => {
      const spec = (p.spec ?? {}) as {
        addresses?: string[];
        autoAssign?: boolean;
        avoidBuggyIPs?: boolean;
        serviceAllocation?: { namespaces?: string[] };
      };
      return {
        name: p.metadata.name,
        ranges: (spec.addresses ?? []).map(parseRange).filter((r): r is Ipv4Range => r !== undefined),
        autoAssign: spec.autoAssign !== false,
        avoidBuggyIPs: spec.avoidBuggyIPs === true,
        namespaces: spec.serviceAllocation?.namespaces ?? [],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function ingressIp(svc: KubeObject): string | undefined {
  const lb = (svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer;
  return lb?.ingress?.[0]?.ip;
}

/** MetalLB's controller: each LoadBalancer Service without an address gets the next free one of its pool. */
export function reconcileLoadBalancers(ctx: ControllerContext): boolean {
  const { store } = ctx;
  const pools = poolsOf(store.list('ipaddresspools'));
  if (pools.length === 0) return false;
  const services = store
    .list('services')
    .filter((s) => (s.spec as { type?: string } | undefined)?.type === 'LoadBalancer');
  // With a pool in place MetalLB is the provider: the stand-in's addresses are replaced.
  const assigned = (svc: KubeObject) => {
    const ip = ingressIp(svc);
    return ip !== undefined && !ip.startsWith(STAND_IN_LB_PREFIX) ? ip : undefined;
  };
  const taken = new Set(services.map(assigned).filter((ip): ip is string => ip !== undefined));
  let changed = false;
  for (const svc of services) {
    if (assigned(svc)) continue;
    const ns = svc.metadata.namespace ?? '';
    const requested = POOL_ANNOTATIONS.map((a) => svc.metadata.annotations?.[a]).find(Boolean);
    const candidates = pools.filter((p) =>
      requested
        ? p.name === requested
        : p.autoAssign && (p.namespaces.length === 0 || p.namespaces.includes(ns)),
    );
    let ip: string | undefined;
    for (const p of candidates) {
      for (const a of addresses(p.ranges, p.avoidBuggyIPs)) {
        if (!taken.has(a) && inRanges(p.ranges, a)) {
          ip = a;
          break;
        }
      }
      if (ip) break;
    }
    if (!ip) {
      // No free address: the Service stays <pending>, as with MetalLB.
      if (ingressIp(svc) === undefined) continue;
      store.write('services', { ...svc, status: { loadBalancer: {} } }, METALLB);
      changed = true;
      continue;
    }
    taken.add(ip);
    store.write(
      'services',
      { ...svc, status: { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } },
      METALLB,
    );
    changed = true;
  }
  return changed;
}

function readyStatus(
  obj: KubeObject,
  now: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const reason = obj.metadata.annotations?.[NOT_READY_ANNOTATION];
  const conditions = mergeConditions(
    (obj.status as { conditions?: unknown } | undefined)?.conditions,
    [
      {
        type: 'Ready',
        status: reason ? 'False' : 'True',
        reason: reason ? 'Failed' : 'Ready',
        message: reason ?? 'Ready',
      },
    ],
    now,
  );
  return { ...extra, conditions };
}

/** cert-manager: issuers become Ready; a Certificate gets notBefore/notAfter once, from its duration (default 90 days). */
export function reconcileCertificates(ctx: ControllerContext): boolean {
  const { store } = ctx;
  const now = store.timestamp();
  let changed = false;
  for (const kind of ['issuers', 'clusterissuers'] as const) {
    for (const issuer of store.list(kind)) {
      if ((issuer.status as { conditions?: unknown[] } | undefined)?.conditions) continue;
      store.write(kind, { ...issuer, status: readyStatus(issuer, now) }, CERT_MANAGER);
      changed = true;
    }
  }
  for (const cert of store.list('certificates')) {
    if ((cert.status as { notAfter?: string } | undefined)?.notAfter) continue;
    const spec = (cert.spec ?? {}) as { duration?: string };
    const days = Number(cert.metadata.annotations?.[EXPIRES_IN_DAYS_ANNOTATION]);
    const issued = store.clock().getTime();
    // The override counts from the wall clock: the scenario is loaded dated one day earlier.
    const end =
      Number.isFinite(days) && days > 0 ? Date.now() + days * DAY : issued + durationOf(spec.duration);
    const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    const notAfter = rfc3339(end);
    const renewal = rfc3339(issued + ((end - issued) * 2) / 3);
    store.write(
      'certificates',
      {
        ...cert,
        status: readyStatus(cert, now, { notBefore: now, notAfter, renewalTime: renewal, revision: 1 }),
      },
      CERT_MANAGER,
    );
    changed = true;
  }
  return changed;
}

/** A Go duration (`2160h`, `720h30m`) in ms; 90 days when absent or unreadable. */
function durationOf(d: string | undefined): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d ?? '');
  if (!d || !m || (!m[1] && !m[2] && !m[3])) return 90 * DAY;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

import 'server-only';
import type { ClusterSnapshot } from '../cluster/snapshot';
import { listRecords } from '../migrate';
import { certificateView, gatewayCredentials } from '../platform/certificates';
import { costHistory, type NamespaceMove } from '../platform/cost-history';
import { type CostModel, costModel, type ProxyUsage } from '../platform/cost-model';
import { loadBalancers } from '../platform/load-balancers';
import { detectMeshCa } from '../platform/mesh-ca';
import { namespacesNeedingWaypoint } from '../platform/planned-waypoints';
import { usageFromSamples, usageQueries } from '../platform/usage';
import type { PlatformView, UsageStatus } from '../views/platform';
import { queryPrometheus } from './prometheus';
import { prometheusUrl, prometheusWindow } from './telemetry';

// Snapshots are immutable and replaced on change, so identity is a safe cache key.
const planned = new WeakMap<ClusterSnapshot, Set<string>>();

/** Namespaces with sidecars whose plan would deploy a waypoint (none there yet). */
export function plannedWaypoints(snap: ClusterSnapshot): Set<string> {
  const hit = planned.get(snap);
  if (hit) return hit;
  const out = namespacesNeedingWaypoint(snap.resources);
  planned.set(snap, out);
  return out;
}

const USAGE_TTL_MS = 15_000;
let usageCache: { at: number; url: string; usage: Map<string, ProxyUsage>; status: UsageStatus } | undefined;

/** Measured istio-proxy usage from Prometheus when configured; an unreachable Prometheus is reported, not thrown. */
export async function proxyUsage(
  url = prometheusUrl(),
  window = prometheusWindow(),
): Promise<{ usage?: Map<string, ProxyUsage>; status: UsageStatus }> {
  if (!url) return { status: { source: 'none' } };
  if (usageCache && usageCache.url === url && Date.now() - usageCache.at < USAGE_TTL_MS)
    return { usage: usageCache.usage, status: usageCache.status };
  try {
    const q = usageQueries(window);
    const [cpu, memory] = await Promise.all([queryPrometheus(url, q.cpu), queryPrometheus(url, q.memory)]);
    const usage = usageFromSamples(cpu, memory);
    const status: UsageStatus = { source: 'prometheus', url, window };
    usageCache = { at: Date.now(), url, usage, status };
    return { usage, status };
  } catch (e) {
    return { status: { source: 'prometheus', url, window, error: (e as Error).message } };
  }
}

/** When each namespace moved: its first applied restart without sidecars, from the migration records. */
export function namespaceMoves(snap: ClusterSnapshot): NamespaceMove[] {
  return listRecords(snap.resources)
    .filter(
      (r) => r.step === 'restart-workloads' && (r.status === 'applied' || r.status === 'partially-applied'),
    )
    .map((r) => ({ namespace: r.namespace, when: r.when }));
}

/** The cost model of a snapshot with measured usage when Prometheus has it. */
export async function platformCost(snap: ClusterSnapshot): Promise<{ cost: CostModel; status: UsageStatus }> {
  const { usage, status } = await proxyUsage();
  return { cost: costModel(snap.resources, { plannedWaypoints: plannedWaypoints(snap), usage }), status };
}

/** Everything the savings card, certificate and load-balancer panels show. */
export async function platformView(snap: ClusterSnapshot, now = new Date()): Promise<PlatformView> {
  const { cost, status } = await platformCost(snap);
  return {
    revision: snap.revision,
    cost,
    history: costHistory(cost, namespaceMoves(snap), now.toISOString()),
    usage: status,
    certificates: gatewayCredentials(snap.resources, now),
    allCertificates: snap.resources.certificates.map((c) => certificateView(snap.resources, c, now)),
    loadBalancers: loadBalancers(snap.resources),
    meshCa: detectMeshCa(snap.resources),
  };
}

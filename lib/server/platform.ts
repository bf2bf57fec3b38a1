import 'server-only';
import type { UserAccess } from '../auth/access';
import type { ClusterSnapshot } from '../cluster/snapshot';
import type { ClusterSource } from '../cluster/source';
import { KINDS, type KindKey } from '../k8s/kinds';
import { sidecarEvidence } from '../mesh/pod';
import { listRecords } from '../migrate';
import { certificateView, gatewayCredentials } from '../platform/certificates';
import { costHistory, type NamespaceMove } from '../platform/cost-history';
import { type CostModel, costModel, type ProxyUsage } from '../platform/cost-model';
import { loadBalancers } from '../platform/load-balancers';
import { detectMeshCa, type SecretsUnreadable, secretsUnreadable } from '../platform/mesh-ca';
import { namespacesNeedingWaypoint } from '../platform/planned-waypoints';
import { usageFromSamples, usageQueries } from '../platform/usage';
import type { PlatformView, UsageStatus } from '../views/platform';
import { queryPrometheus } from './prometheus';
import { prometheusUrl, prometheusWindow } from './telemetry';

// Pods roll all the time (readiness, restarts) while what decides a waypoint changes rarely: the
// conversion of every sidecar namespace is redone only when that configuration changes.
const IGNORED: ReadonlySet<KindKey> = new Set(['pods', 'replicasets', 'configmaps', 'daemonsets']);
let planned: { key: string; value: Set<string> } | undefined;

function plannedKey(snap: ClusterSnapshot): string {
  const parts: string[] = [];
  for (const k of KINDS) {
    if (IGNORED.has(k.key)) continue;
    // generation moves with the spec only; objects without one (Namespace, Service) use resourceVersion.
    for (const o of snap.resources[k.key])
      parts.push(
        `${k.key}/${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.generation ?? o.metadata.resourceVersion ?? ''}`,
      );
  }
  const sidecars = new Set(
    snap.resources.pods
      .filter((p) => sidecarEvidence(p) !== undefined)
      .map((p) => p.metadata.namespace ?? ''),
  );
  parts.push(`sidecars:${[...sidecars].sort().join(',')}`);
  return parts.join('|');
}

/** Namespaces with sidecars whose plan would deploy a waypoint (none there yet). */
export function plannedWaypoints(snap: ClusterSnapshot): Set<string> {
  const key = plannedKey(snap);
  if (planned?.key === key) return planned.value;
  const value = namespacesNeedingWaypoint(snap.resources);
  planned = { key, value };
  return value;
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

/** Where the Secrets of a source's snapshot could not be read: the kind's load state and the user's RBAC. */
export function unreadableSecrets(source: ClusterSource): SecretsUnreadable {
  const access = (source as { access?: UserAccess }).access;
  return secretsUnreadable(source.snapshot().kinds.casecrets, access);
}

/** Options of {@link platformView}. */
export interface PlatformViewOptions {
  now?: Date;
  /** The user's RBAC, when the snapshot was filtered by it. */
  access?: UserAccess;
  /** Judge MetalLB addresses for this namespace's plan alone (its migration page), as the plan does. */
  namespace?: string;
}

/** Everything the savings card, certificate and load-balancer panels show. */
export async function platformView(
  snap: ClusterSnapshot,
  opts: PlatformViewOptions = {},
): Promise<PlatformView> {
  const now = opts.now ?? new Date();
  const { cost, status } = await platformCost(snap);
  return {
    revision: snap.revision,
    cost,
    history: costHistory(cost, namespaceMoves(snap), now.toISOString()),
    usage: status,
    certificates: gatewayCredentials(snap.resources, now),
    allCertificates: snap.resources.certificates.map((c) => certificateView(snap.resources, c, now)),
    loadBalancers: loadBalancers(
      snap.resources,
      opts.namespace ? { plannedNamespaces: new Set([opts.namespace]) } : {},
    ),
    meshCa: detectMeshCa(snap.resources, secretsUnreadable(snap.kinds.casecrets, opts.access)),
  };
}

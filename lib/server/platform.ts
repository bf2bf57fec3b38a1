import 'server-only';
import type { UserAccess } from '../auth/access';
import type { ClusterSnapshot, ResourceSet } from '../cluster/snapshot';
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
import { measureProxyUsage } from '../platform/usage';
import { fetchUsageHistory } from '../platform/usage-history';
import { rangeOver } from '../telemetry/range';
import type { TelemetrySource } from '../telemetry/source';
import type { MeasuredHistory, PlatformView, UsageStatus } from '../views/platform';
import { prometheusWindow } from './telemetry';
import { UserClusterSource } from './user-source';

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
const HISTORY_TTL_MS = 60_000;

function sameSource(a: TelemetrySource, b: TelemetrySource): boolean {
  return a === b || (a.kind === 'prometheus' && b.kind === 'prometheus' && a.description === b.description);
}

let usageCache:
  | {
      at: number;
      source: TelemetrySource;
      window: string;
      usage: Map<string, ProxyUsage>;
      status: UsageStatus;
    }
  | undefined;

/**
 * Measured istio-proxy usage from the telemetry source (the configured Prometheus, else the demo's
 * simulated one); a source that cannot answer is reported, not thrown.
 */
export async function proxyUsage(
  source: TelemetrySource | undefined,
  window = prometheusWindow(),
): Promise<{ usage?: Map<string, ProxyUsage>; status: UsageStatus }> {
  if (!source) return { status: { source: 'none' } };
  const hit = usageCache;
  if (hit && sameSource(hit.source, source) && hit.window === window && Date.now() - hit.at < USAGE_TTL_MS)
    return { usage: hit.usage, status: hit.status };
  const status: UsageStatus = { source: source.kind, url: source.description, window };
  try {
    const usage = await measureProxyUsage(source, window);
    usageCache = { at: Date.now(), source, window, usage, status };
    return { usage, status };
  } catch (e) {
    return { status: { ...status, error: (e as Error).message } };
  }
}

let historyCache: { at: number; source: TelemetrySource; key: string; value: MeasuredHistory } | undefined;

/** Margin before the first move, so the chart shows the sidecars' usage before it. */
const BEFORE_FIRST_MOVE_MS = 15 * 60_000;

/**
 * Measured sidecar vs ambient usage from just before the first move to `now` (range queries), or
 * undefined without a source or a move; an unanswered query is reported in `error`.
 */
export async function measuredHistory(
  source: TelemetrySource | undefined,
  resources: ResourceSet,
  moves: readonly NamespaceMove[],
  now: Date,
  window = prometheusWindow(),
): Promise<MeasuredHistory | undefined> {
  const first = moves
    .map((m) => Date.parse(m.when))
    .filter(Number.isFinite)
    .sort((a, b) => a - b)[0];
  if (!source || first === undefined) return undefined;
  const range = rangeOver(new Date(Math.min(first, now.getTime()) - BEFORE_FIRST_MOVE_MS), now);
  const base = { source: source.kind, window, stepSeconds: range.stepSeconds };
  // A new move, or a minute passing, asks again; between those the answer is reused.
  const key = `${first}|${moves.length}|${window}`;
  const hit = historyCache;
  if (hit && sameSource(hit.source, source) && hit.key === key && Date.now() - hit.at < HISTORY_TTL_MS)
    return hit.value;
  try {
    const points = await fetchUsageHistory(source, resources, range, window);
    const value = { ...base, points };
    historyCache = { at: Date.now(), source, key, value };
    return value;
  } catch (e) {
    return { ...base, points: [], error: (e as Error).message };
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

/** The cost model of a snapshot with measured usage when the telemetry source has it. */
export async function platformCost(
  snap: ClusterSnapshot,
  telemetry?: TelemetrySource,
): Promise<{ cost: CostModel; status: UsageStatus }> {
  const { usage, status } = await proxyUsage(telemetry);
  return { cost: costModel(snap.resources, { plannedWaypoints: plannedWaypoints(snap), usage }), status };
}

/** The RBAC a user's view was filtered by; undefined for an unfiltered source. */
export function accessOf(source: ClusterSource): UserAccess | undefined {
  return source instanceof UserClusterSource ? source.access : undefined;
}

/** Where the Secrets of a source's snapshot could not be read: the kind's load state and the user's RBAC. */
export function unreadableSecrets(source: ClusterSource): SecretsUnreadable {
  return secretsUnreadable(source.snapshot().kinds.casecrets, accessOf(source));
}

/** Options of {@link platformView}. */
export interface PlatformViewOptions {
  now?: Date;
  /** The user's RBAC, when the snapshot was filtered by it. */
  access?: UserAccess;
  /** Judge MetalLB addresses for this namespace's plan alone (its migration page), as the plan does. */
  namespace?: string;
  /** Where measured usage and its history come from (the configured Prometheus, the demo's). */
  telemetry?: TelemetrySource;
}

/** Everything the savings card, certificate and load-balancer panels show. */
export async function platformView(
  snap: ClusterSnapshot,
  opts: PlatformViewOptions = {},
): Promise<PlatformView> {
  const now = opts.now ?? new Date();
  const { cost, status } = await platformCost(snap, opts.telemetry);
  const moves = namespaceMoves(snap);
  const measured = await measuredHistory(opts.telemetry, snap.resources, moves, now);
  return {
    revision: snap.revision,
    cost,
    history: costHistory(cost, moves, now.toISOString()),
    ...(measured ? { measuredHistory: measured } : {}),
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

/**
 * Measured sidecar vs ambient usage over the migration's span, from range queries. Sidecars and
 * the ambient proxies (ztunnel, waypoints) share the container name `istio-proxy`, so the proxies
 * that are not sidecars are told apart by pod name: the workloads that run them now give the
 * prefixes. Gateways (ingress) are neither and are left out. Pure except {@link fetchUsageHistory}.
 */
import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { rec, str } from '../mesh/fields';
import { WAYPOINT_CLASS } from '../mesh/labels';
import { meshProxyKind } from '../mesh/pod';
import type { PromSeries, QueryRange, TelemetrySource } from '../telemetry/source';
import { usageQueries } from './usage';

/** Pods whose proxy is not a sidecar: `ambient` (ztunnel, waypoints) or `gateway`. */
export interface ProxyPodPrefix {
  namespace: string;
  /** A pod name prefix (`ztunnel-`, `waypoint-`) or a whole pod name. */
  prefix: string;
  role: 'ambient' | 'gateway';
}

/** One measured point: what sidecars and ambient proxies used at `when`. */
export interface MeasuredPoint {
  when: string;
  sidecarCpuMillicores: number;
  sidecarMemoryBytes: number;
  ambientCpuMillicores: number;
  ambientMemoryBytes: number;
}

/** The workload name a pod's name starts with: its DaemonSet/StatefulSet, or its ReplicaSet's Deployment. */
function workloadPrefix(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name;
  if (owner.kind === 'ReplicaSet') return `${owner.name.replace(/-[a-z0-9]+$/, '')}-`;
  return `${owner.name}-`;
}

/** Name prefixes of the proxies that are not sidecars, from the pods and waypoints that exist now. */
export function nonSidecarProxies(resources: ResourceSet): ProxyPodPrefix[] {
  const out = new Map<string, ProxyPodPrefix>();
  const add = (p: ProxyPodPrefix) => out.set(`${p.namespace}/${p.prefix}`, p);
  for (const pod of resources.pods) {
    const kind = meshProxyKind(pod);
    if (!kind) continue;
    add({
      namespace: pod.metadata.namespace ?? '',
      prefix: workloadPrefix(pod),
      role: kind === 'gateway' ? 'gateway' : 'ambient',
    });
  }
  for (const ds of resources.daemonsets)
    if (ds.metadata.name === 'ztunnel')
      add({ namespace: ds.metadata.namespace ?? '', prefix: 'ztunnel-', role: 'ambient' });
  for (const g of resources.gateways)
    if (str(rec(g.spec)?.gatewayClassName) === WAYPOINT_CLASS)
      add({ namespace: g.metadata.namespace ?? '', prefix: `${g.metadata.name}-`, role: 'ambient' });
  return [...out.values()].sort((a, b) =>
    `${a.namespace}/${a.prefix}`.localeCompare(`${b.namespace}/${b.prefix}`),
  );
}

// Pod names are DNS names ([a-z0-9.-]): only the dot needs quoting, and [.] needs no backslash in PromQL.
const escapeRe = (s: string) => s.replaceAll('.', '[.]');

/**
 * The range queries: all proxies summed per namespace (few series), and the non-sidecar proxies
 * per pod (few pods), so the sidecars are the difference without asking for every pod.
 */
export function usageHistoryQueries(window: string, proxies: readonly ProxyPodPrefix[]) {
  const names = [...new Set(proxies.map((p) => escapeRe(p.prefix)))];
  return {
    all: usageQueries(window, 'namespace'),
    ...(names.length > 0
      ? { others: usageQueries(window, 'namespace, pod', `,pod=~"(?:${names.join('|')}).*"`) }
      : {}),
  };
}

function roleOf(
  proxies: readonly ProxyPodPrefix[],
  ns: string,
  pod: string,
): ProxyPodPrefix['role'] | undefined {
  return proxies.find(
    (p) => p.namespace === ns && (pod === p.prefix || (p.prefix.endsWith('-') && pod.startsWith(p.prefix))),
  )?.role;
}

/** The query answers as points in time: sidecars = all proxies − ambient − gateways. */
export function measuredPoints(
  answers: {
    allCpu: PromSeries[];
    allMemory: PromSeries[];
    otherCpu: PromSeries[];
    otherMemory: PromSeries[];
  },
  proxies: readonly ProxyPodPrefix[],
): MeasuredPoint[] {
  const at = new Map<number, MeasuredPoint>();
  const point = (t: number) => {
    let p = at.get(t);
    if (!p) {
      p = {
        when: new Date(t * 1000).toISOString(),
        sidecarCpuMillicores: 0,
        sidecarMemoryBytes: 0,
        ambientCpuMillicores: 0,
        ambientMemoryBytes: 0,
      };
      at.set(t, p);
    }
    return p;
  };
  const each = (series: PromSeries[], f: (p: MeasuredPoint, v: number, s: PromSeries) => void) => {
    for (const s of series)
      for (const [t, raw] of s.values) {
        const v = Number(raw);
        if (Number.isFinite(v)) f(point(t), v, s);
      }
  };
  each(answers.allCpu, (p, v) => {
    p.sidecarCpuMillicores += v * 1000;
  });
  each(answers.allMemory, (p, v) => {
    p.sidecarMemoryBytes += v;
  });
  const other = (cpu: boolean) => (p: MeasuredPoint, v: number, s: PromSeries) => {
    const role = roleOf(proxies, s.metric.namespace ?? '', s.metric.pod ?? '');
    if (!role) return;
    const amount = cpu ? v * 1000 : v;
    if (cpu) p.sidecarCpuMillicores -= amount;
    else p.sidecarMemoryBytes -= amount;
    if (role === 'ambient') {
      if (cpu) p.ambientCpuMillicores += amount;
      else p.ambientMemoryBytes += amount;
    }
  };
  each(answers.otherCpu, other(true));
  each(answers.otherMemory, other(false));
  return [...at.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, p]) => ({
      ...p,
      // Rounding and scrape skew must not show as negative sidecars.
      sidecarCpuMillicores: Math.max(0, p.sidecarCpuMillicores),
      sidecarMemoryBytes: Math.max(0, p.sidecarMemoryBytes),
    }));
}

/** Measured sidecar and ambient usage over `range`, from `source`. Errors carry the source's message. */
export async function fetchUsageHistory(
  source: TelemetrySource,
  resources: ResourceSet,
  range: QueryRange,
  window: string,
): Promise<MeasuredPoint[]> {
  const proxies = nonSidecarProxies(resources);
  const q = usageHistoryQueries(window, proxies);
  const [allCpu, allMemory, otherCpu, otherMemory] = await Promise.all([
    source.queryRange(q.all.cpu, range),
    source.queryRange(q.all.memory, range),
    q.others ? source.queryRange(q.others.cpu, range) : Promise.resolve([]),
    q.others ? source.queryRange(q.others.memory, range) : Promise.resolve([]),
  ]);
  return measuredPoints({ allCpu, allMemory, otherCpu, otherMemory }, proxies);
}

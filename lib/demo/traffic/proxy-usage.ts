/**
 * The demo's cAdvisor: `container_cpu_usage_seconds_total` and `container_memory_working_set_bytes`
 * of every Istio proxy container (sidecars, ztunnel, waypoints, gateways), so measured usage and
 * its history over a migration look as they would with a real Prometheus.
 */
import type { ResourceSet } from '../../cluster/snapshot';
import type { KubeObject } from '../../k8s/objects';
import { PROXY_CONTAINER } from '../../mesh/labels';
import { meshProxyKind } from '../../mesh/pod';
import {
  ISTIO_PROXY_DEFAULT,
  proxyContainer,
  sidecarResources,
  templateProxyResources,
  ZTUNNEL_DEFAULT,
} from '../../platform/proxy-resources';
import type { Labels, Series, SeriesReader } from '../../telemetry/promql/types';

export const CPU_METRIC = 'container_cpu_usage_seconds_total';
export const MEMORY_METRIC = 'container_memory_working_set_bytes';

interface Segment {
  from: number;
  value: number;
}

/** A value constant between changes: a counter's rate (`counter`) or a gauge's level. */
class Piecewise implements Series {
  readonly segments: Segment[] = [];
  /** When the container went away; NaN afterwards. */
  end = Number.POSITIVE_INFINITY;
  constructor(
    readonly labels: Labels,
    private readonly counter: boolean,
  ) {}

  get current(): number {
    return this.segments[this.segments.length - 1]?.value ?? Number.NaN;
  }

  valueAt(t: number): number {
    const first = this.segments[0];
    if (!first || t < first.from || t > this.end) return Number.NaN;
    if (!this.counter) {
      let v = first.value;
      for (const s of this.segments) if (s.from <= t) v = s.value;
      return v;
    }
    let total = 0;
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i] as Segment;
      if (s.from >= t) break;
      const until = Math.min(t, this.segments[i + 1]?.from ?? t);
      total += s.value * (until - s.from);
    }
    return total;
  }
}

/** A stable fraction in [0, 1) from a name, so each pod keeps its own level. */
function jitter(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1000) / 1000;
}

/** What a proxy pod uses: a share of what it requests (idle proxies use little CPU, most of their memory). */
export function simulatedUsage(
  pod: KubeObject,
  resources: ResourceSet,
): { cpuCores: number; memoryBytes: number } | undefined {
  const kind = meshProxyKind(pod);
  const found = proxyContainer(pod.spec);
  if (!found && kind !== 'ztunnel') return undefined;
  const requests =
    kind === 'ztunnel'
      ? templateProxyResources(
          resources.daemonsets.find(
            (d) => d.metadata.namespace === pod.metadata.namespace && d.metadata.name === 'ztunnel',
          ),
          ZTUNNEL_DEFAULT,
        )
      : (sidecarResources(pod, true) ?? ISTIO_PROXY_DEFAULT);
  const j = jitter(`${pod.metadata.namespace}/${pod.metadata.name}`);
  return {
    cpuCores: (requests.cpuRequestMillicores / 1000) * (0.08 + 0.12 * j),
    memoryBytes: Math.round(requests.memoryRequestBytes * (0.35 + 0.25 * j)),
  };
}

/**
 * Per-pod CPU counters and memory gauges of the proxy containers, kept current with the cluster
 * by {@link update}: a pod that goes away ends its series, a new one starts its own.
 */
export class ProxyUsageHistory implements SeriesReader {
  private readonly cpu = new Map<string, Piecewise>();
  private readonly memory = new Map<string, Piecewise>();

  series(name: string): readonly Series[] {
    if (name === CPU_METRIC) return [...this.cpu.values()];
    if (name === MEMORY_METRIC) return [...this.memory.values()];
    return [];
  }

  /** Sets each proxy's usage from time `t` (unix seconds); `since` backdates new series. */
  update(resources: ResourceSet, t: number, since = t): void {
    const seen = new Set<string>();
    for (const pod of resources.pods) {
      const u = simulatedUsage(pod, resources);
      if (!u) continue;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      seen.add(key);
      const labels = {
        namespace: pod.metadata.namespace ?? '',
        pod: pod.metadata.name,
        container: PROXY_CONTAINER,
      };
      this.set(this.cpu, key, { __name__: CPU_METRIC, ...labels }, true, u.cpuCores, t, since);
      this.set(this.memory, key, { __name__: MEMORY_METRIC, ...labels }, false, u.memoryBytes, t, since);
    }
    for (const m of [this.cpu, this.memory])
      for (const [key, s] of m) if (!seen.has(key) && s.end > t) s.end = t;
  }

  private set(
    m: Map<string, Piecewise>,
    key: string,
    labels: Labels,
    counter: boolean,
    value: number,
    t: number,
    since: number,
  ): void {
    let s = m.get(key);
    if (!s || s.end <= t) {
      s = new Piecewise(labels, counter);
      m.set(key, s);
      s.segments.push({ from: since, value });
    } else if (s.current !== value) s.segments.push({ from: t, value });
  }
}

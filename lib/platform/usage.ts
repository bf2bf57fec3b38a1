/** PromQL for the measured usage of Istio proxies, and reading its answer. Pure. */
import type { ProxyUsage } from './cost-model';

/** One instant-vector sample as Prometheus returns it. */
export interface UsageSample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * CPU (cores) and memory (bytes) of every `istio-proxy` container (sidecars, ztunnel and waypoints
 * all name their proxy so) over the telemetry window, per pod.
 */
export function usageQueries(window: string): { cpu: string; memory: string } {
  return {
    cpu: `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container="istio-proxy"}[${window}]))`,
    memory: `sum by (namespace, pod) (avg_over_time(container_memory_working_set_bytes{container="istio-proxy"}[${window}]))`,
  };
}

/** Usage per `namespace/pod` from the two query answers; a pod missing from one answer counts 0 there. */
export function usageFromSamples(
  cpu: readonly UsageSample[],
  memory: readonly UsageSample[],
): Map<string, ProxyUsage> {
  const out = new Map<string, ProxyUsage>();
  const entry = (s: UsageSample) => {
    const key = `${s.metric.namespace ?? ''}/${s.metric.pod ?? ''}`;
    let u = out.get(key);
    if (!u) {
      u = { cpuMillicores: 0, memoryBytes: 0 };
      out.set(key, u);
    }
    return u;
  };
  for (const s of cpu) {
    const v = Number(s.value[1]);
    if (s.metric.pod && Number.isFinite(v)) entry(s).cpuMillicores = v * 1000;
  }
  for (const s of memory) {
    const v = Number(s.value[1]);
    if (s.metric.pod && Number.isFinite(v)) entry(s).memoryBytes = v;
  }
  return out;
}

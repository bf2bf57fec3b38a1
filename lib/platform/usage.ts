/**
 * Measured usage of Istio proxies (`container_cpu_usage_seconds_total`,
 * `container_memory_working_set_bytes` of the `istio-proxy` containers) from a telemetry source:
 * per pod now, and over a span for the cost chart. The queries and the reading of their answers
 * are pure; the fetches go through the {@link TelemetrySource} interface.
 */
import type { PromSample, TelemetrySource } from '../telemetry/source';
import type { ProxyUsage } from './cost-model';

/** The `istio-proxy` containers of a cAdvisor metric, with extra matchers (`,pod=~"..."`). */
const proxies = (metric: string, extra: string) => `${metric}{container="istio-proxy"${extra}}`;

/**
 * CPU (cores) and memory (bytes) of `istio-proxy` containers (sidecars, ztunnel, waypoints and
 * gateways all name their proxy so) over the window, summed `by` the given labels.
 */
export function usageQueries(
  window: string,
  by = 'namespace, pod',
  extra = '',
): { cpu: string; memory: string } {
  return {
    cpu: `sum by (${by}) (rate(${proxies('container_cpu_usage_seconds_total', extra)}[${window}]))`,
    memory: `sum by (${by}) (avg_over_time(${proxies('container_memory_working_set_bytes', extra)}[${window}]))`,
  };
}

/** Usage per `namespace/pod` from the two query answers; a pod missing from one answer counts 0 there. */
export function usageFromSamples(
  cpu: readonly PromSample[],
  memory: readonly PromSample[],
): Map<string, ProxyUsage> {
  const out = new Map<string, ProxyUsage>();
  const entry = (s: PromSample) => {
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

/** Measured usage of every proxy, per `namespace/pod`, over `window`. Errors carry the source's message. */
export async function measureProxyUsage(
  source: TelemetrySource,
  window: string,
): Promise<Map<string, ProxyUsage>> {
  const q = usageQueries(window);
  const [cpu, memory] = await Promise.all([source.query(q.cpu), source.query(q.memory)]);
  return usageFromSamples(cpu, memory);
}

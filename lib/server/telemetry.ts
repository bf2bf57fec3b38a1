import 'server-only';
import { type TelemetryEdge, telemetryFromPrometheus, telemetryQueries } from '../topology/telemetry';
import { queryPrometheus } from './prometheus';

export interface TelemetryResult {
  url?: string;
  edges: TelemetryEdge[];
  error?: string;
}

/** The rate window from the environment (`MESH_MIGRATOR_PROMETHEUS_WINDOW`, default `1m`). */
export function prometheusWindow(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESH_MIGRATOR_PROMETHEUS_WINDOW?.trim() || '1m';
}

/** The Prometheus URL from the environment, if telemetry is configured. */
export function prometheusUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.MESH_MIGRATOR_PROMETHEUS_URL?.trim() || undefined;
}

/**
 * Request and error rates per edge from Istio's standard metrics. A Prometheus that cannot be
 * reached is reported, and the graph falls back to configuration edges.
 */
export async function fetchTelemetry(
  url: string | undefined,
  window = prometheusWindow(),
): Promise<TelemetryResult> {
  if (!url) return { edges: [] };
  try {
    const q = telemetryQueries(window);
    const [http, tcpBytes, tcpConnections] = await Promise.all([
      queryPrometheus(url, q.http),
      queryPrometheus(url, q.tcpBytes),
      queryPrometheus(url, q.tcpConnections),
    ]);
    return { url, edges: telemetryFromPrometheus({ http, tcpBytes, tcpConnections }) };
  } catch (e) {
    return { url, edges: [], error: (e as Error).message };
  }
}

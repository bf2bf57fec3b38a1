import 'server-only';
import {
  HTTP_REQUESTS_QUERY,
  TCP_CONNECTIONS_QUERY,
  TCP_SENT_BYTES_QUERY,
  type TelemetryEdge,
  telemetryFromPrometheus,
} from '../topology/telemetry';
import { queryPrometheus } from './prometheus';

export interface TelemetryResult {
  url?: string;
  edges: TelemetryEdge[];
  error?: string;
}

/** The Prometheus URL from the environment, if telemetry is configured. */
export function prometheusUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.MESH_MIGRATOR_PROMETHEUS_URL?.trim() || undefined;
}

/**
 * Request and error rates per edge from Istio's standard metrics. A Prometheus that cannot be
 * reached is reported, and the graph falls back to configuration edges.
 */
export async function fetchTelemetry(url: string | undefined): Promise<TelemetryResult> {
  if (!url) return { edges: [] };
  try {
    const [http, tcpBytes, tcpConnections] = await Promise.all([
      queryPrometheus(url, HTTP_REQUESTS_QUERY),
      queryPrometheus(url, TCP_SENT_BYTES_QUERY),
      queryPrometheus(url, TCP_CONNECTIONS_QUERY),
    ]);
    return { url, edges: telemetryFromPrometheus({ http, tcpBytes, tcpConnections }) };
  } catch (e) {
    return { url, edges: [], error: (e as Error).message };
  }
}

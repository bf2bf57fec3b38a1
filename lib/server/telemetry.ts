import 'server-only';
import type { ClusterSource } from '../cluster/source';
import type { TelemetrySource } from '../telemetry/source';
import { type TelemetryEdge, telemetryFromPrometheus, telemetryQueries } from '../topology/telemetry';
import { PrometheusTelemetry } from './prometheus';

export interface TelemetryResult {
  /** `prometheus` or `demo`; absent when no telemetry is configured. */
  kind?: TelemetrySource['kind'];
  /** The Prometheus URL, or `demo`. */
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
 * Where the metrics of `cluster` come from: the configured Prometheus, else the cluster source's
 * own (the demo's simulated mesh), else none.
 */
export function telemetrySource(
  cluster: ClusterSource | undefined,
  env: NodeJS.ProcessEnv = process.env,
): TelemetrySource | undefined {
  const url = prometheusUrl(env);
  if (url) return new PrometheusTelemetry(url);
  return cluster?.telemetry?.();
}

/**
 * Request and error rates per edge from Istio's standard metrics. A source that cannot be
 * reached is reported, and the graph falls back to configuration edges.
 */
export async function fetchTelemetry(
  from: TelemetrySource | string | undefined,
  window = prometheusWindow(),
): Promise<TelemetryResult> {
  // A URL string is a Prometheus (the older call form).
  const source = typeof from === 'string' ? new PrometheusTelemetry(from) : from;
  if (!source) return { edges: [] };
  const base = { kind: source.kind, url: source.description };
  try {
    const q = telemetryQueries(window);
    const [http, tcpBytes, tcpConnections] = await Promise.all([
      source.query(q.http),
      source.query(q.tcpBytes),
      source.query(q.tcpConnections),
    ]);
    return { ...base, edges: telemetryFromPrometheus({ http, tcpBytes, tcpConnections }) };
  } catch (e) {
    return { ...base, edges: [], error: (e as Error).message };
  }
}

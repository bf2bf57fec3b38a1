import 'server-only';
import type { ClusterSource } from '../cluster/source';
import {
  DEFAULT_THRESHOLDS,
  type MigrationRecord,
  type ServiceSignals,
  type SignalSamples,
  signalQueries,
  signalsFromSamples,
  type TrafficBaseline,
  type TrafficCheck,
  type TrafficThresholds,
  trafficVerdict,
} from '../migrate';
import type { PromSample } from '../topology/telemetry';
import { queryPrometheus } from './prometheus';
import { prometheusUrl, telemetrySource } from './telemetry';

/**
 * One instant query, now or at a time. The real Prometheus answers it here; a telemetry source that
 * answers PromQL-shaped instant queries (the demo's simulated metrics) plugs in the same way.
 */
export type InstantQuery = (promql: string, at?: Date) => Promise<PromSample[]>;

/** The configured Prometheus as an {@link InstantQuery}, or undefined without telemetry. */
export function prometheusQuery(url = prometheusUrl()): InstantQuery | undefined {
  return url ? (q, at) => queryPrometheus(url, q, undefined, at) : undefined;
}

/** The baseline of a step about to be applied in `ns`, from the cluster source's telemetry. */
export function clusterBaseline(cluster: ClusterSource, ns: string): Promise<TrafficBaseline> {
  const t = telemetrySource(cluster);
  return trafficBaseline(ns, {
    query: t ? (q, at) => t.query(q, at) : undefined,
    window: verifyWindow(process.env, t?.kind === 'demo'),
  });
}

/**
 * The telemetry of a cluster source as an {@link InstantQuery}: the configured Prometheus, else the
 * source's own (the demo's simulated metrics); undefined without either.
 */
export function clusterQuery(cluster: ClusterSource | undefined): InstantQuery | undefined {
  const t = telemetrySource(cluster);
  return t ? (q, at) => t.query(q, at) : undefined;
}

/**
 * The window traffic is compared over (`MESH_MIGRATOR_VERIFY_WINDOW`; default `5m`, or `30s` on the
 * demo's simulated metrics, so that a step's verdict shows within a minute there).
 */
export function verifyWindow(env: NodeJS.ProcessEnv = process.env, demo = false): string {
  const w = env.MESH_MIGRATOR_VERIFY_WINDOW?.trim();
  return w && /^\d+(s|m|h)$/.test(w) ? w : demo ? '30s' : '5m';
}

/** Thresholds from `MESH_MIGRATOR_VERIFY_SUCCESS_DROP` (points) and `MESH_MIGRATOR_VERIFY_P99_INCREASE` (percent). */
export function verifyThresholds(env: NodeJS.ProcessEnv = process.env): TrafficThresholds {
  const n = (v: string | undefined, d: number) => {
    const x = Number(v);
    return v !== undefined && v !== '' && Number.isFinite(x) && x >= 0 ? x : d;
  };
  return {
    successDropPoints: n(env.MESH_MIGRATOR_VERIFY_SUCCESS_DROP, DEFAULT_THRESHOLDS.successDropPoints),
    p99IncreasePercent: n(env.MESH_MIGRATOR_VERIFY_P99_INCREASE, DEFAULT_THRESHOLDS.p99IncreasePercent),
  };
}

export function windowMs(window: string): number {
  const n = Number.parseInt(window, 10);
  const unit = window.replace(/^\d+/, '');
  return n * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000);
}

/** A namespace's golden signals over `window` ending at `at`. */
export async function measureSignals(
  query: InstantQuery,
  ns: string,
  window: string,
  at?: Date,
): Promise<ServiceSignals[]> {
  const q = signalQueries(ns, window);
  const keys = Object.keys(q) as (keyof typeof q)[];
  const answers = await Promise.all(keys.map((k) => query(q[k], at)));
  const samples = Object.fromEntries(keys.map((k, i) => [k, answers[i] ?? []])) as SignalSamples;
  return signalsFromSamples(ns, samples);
}

/** The baseline a step's record keeps: signals now, or why there are none. Never throws. */
export async function trafficBaseline(
  ns: string,
  opts: { query?: InstantQuery; window?: string; now?: Date } = {},
): Promise<TrafficBaseline> {
  const at = (opts.now ?? new Date()).toISOString();
  const query = opts.query ?? prometheusQuery();
  if (!query)
    return {
      at,
      unavailable: 'no telemetry configured (MESH_MIGRATOR_PROMETHEUS_URL): traffic is not checked',
    };
  const window = opts.window ?? verifyWindow();
  try {
    return { at, window, before: await measureSignals(query, ns, window, opts.now) };
  } catch (e) {
    return { at, unavailable: `traffic could not be measured: ${(e as Error).message}` };
  }
}

// Verdicts of finished windows do not change: computed once per record.
const settled = new Map<string, TrafficCheck>();

/**
 * The traffic verdict of a record: "measuring" until its window has passed after the change, then
 * the comparison of the window before with the window after (evaluated at change + window).
 */
export async function recordTrafficCheck(
  record: Pick<MigrationRecord, 'id' | 'namespace' | 'traffic'>,
  opts: { query?: InstantQuery; now?: Date; thresholds?: TrafficThresholds } = {},
): Promise<TrafficCheck | undefined> {
  const t = record.traffic;
  if (!t) return undefined;
  if ('unavailable' in t) return { status: 'unavailable', detail: t.unavailable };
  const key = `${record.id}@${t.at}`;
  const hit = settled.get(key);
  if (hit) return hit;
  const end = new Date(new Date(t.at).getTime() + windowMs(t.window));
  const now = opts.now ?? new Date();
  if (now < end)
    return {
      status: 'measuring',
      detail: `comparing traffic until ${end.toISOString()}`,
      until: end.toISOString(),
    };
  const query = opts.query ?? prometheusQuery();
  if (!query) return { status: 'unavailable', detail: 'telemetry is no longer configured' };
  try {
    const after = await measureSignals(query, record.namespace, t.window, end);
    const v = trafficVerdict(t.before, after, opts.thresholds ?? verifyThresholds());
    const check: TrafficCheck = {
      status: v.status,
      detail: v.summary,
      services: v.services,
      window: t.window,
      at: t.at,
    };
    settled.set(key, check);
    if (settled.size > 2000) settled.delete(settled.keys().next().value as string);
    return check;
  } catch (e) {
    return { status: 'error', detail: `traffic could not be measured: ${(e as Error).message}` };
  }
}

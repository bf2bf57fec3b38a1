import { isPromRange } from '../topology/telemetry';
import { type PromSample, sampleValue, type TelemetrySource } from './source';

/** Traffic into one destination Service over a window, as the proxy closest to it reported it. */
export interface ServiceTraffic {
  namespace: string;
  service: string;
  /** HTTP/gRPC requests per second; 0 when the Service only saw TCP. */
  requestRate: number;
  /** Fraction of requests not answered 5xx, 0..1; undefined without HTTP requests. */
  successRate?: number;
  /** Median and 99th percentile request duration in milliseconds (from the histogram buckets). */
  p50Ms?: number;
  p99Ms?: number;
  /** TCP connections opened per second (ztunnel, or sidecars for TCP ports). */
  tcpConnectionRate: number;
  /** TCP connections per second reported with a response flag (denied, reset, failed). */
  tcpFailureRate: number;
  /** Reporter the HTTP numbers come from: `waypoint`, `destination` or `source`. */
  reporter?: string;
}

export interface ServiceTrafficOptions {
  /** Rate window, a PromQL range such as `1m` (default `5m`). */
  window?: string;
  /** Evaluate at this time instead of now (e.g. before a migration step). */
  at?: Date;
}

const REPORTERS = ['waypoint', 'destination', 'source'];
const BY = 'destination_service_name, reporter';

const quote = (v: string) => JSON.stringify(v);

/** The instant queries behind {@link serviceTraffic} for namespace `ns` and a rate window. */
export function serviceTrafficQueries(
  ns: string,
  window = '5m',
): { requests: string; errors: string; p50: string; p99: string; tcpOpened: string; tcpFailed: string } {
  if (!isPromRange(window)) throw new Error(`invalid Prometheus range "${window}" (e.g. 1m, 30s)`);
  const sel = `destination_service_namespace=${quote(ns)}`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (${BY}, le)(rate(istio_request_duration_milliseconds_bucket{${sel}}[${window}])))`;
  return {
    requests: `sum by (${BY})(rate(istio_requests_total{${sel}}[${window}]))`,
    errors: `sum by (${BY})(rate(istio_requests_total{${sel}, response_code=~"5.."}[${window}]))`,
    p50: quantile(0.5),
    p99: quantile(0.99),
    tcpOpened: `sum by (${BY})(rate(istio_tcp_connections_opened_total{${sel}}[${window}]))`,
    tcpFailed: `sum by (${BY})(rate(istio_tcp_connections_opened_total{${sel}, response_flags!="-"}[${window}]))`,
  };
}

type ByService = Map<string, Map<string, number>>;

function index(samples: PromSample[]): ByService {
  const out: ByService = new Map();
  for (const s of samples) {
    const svc = s.metric.destination_service_name;
    if (!svc || svc === 'unknown') continue;
    const reporters = out.get(svc) ?? new Map<string, number>();
    out.set(svc, reporters);
    const v = sampleValue(s);
    reporters.set(s.metric.reporter ?? 'source', (reporters.get(s.metric.reporter ?? 'source') ?? 0) + v);
  }
  return out;
}

/** The reporter closest to the destination among those that reported the Service. */
function preferred(reporters: Map<string, number> | undefined): string | undefined {
  if (!reporters) return undefined;
  return REPORTERS.find((r) => reporters.has(r)) ?? [...reporters.keys()][0];
}

const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : undefined);

/** Combines the results of {@link serviceTrafficQueries} into one entry per destination Service. */
export function parseServiceTraffic(
  ns: string,
  r: Record<keyof ReturnType<typeof serviceTrafficQueries>, PromSample[]>,
): ServiceTraffic[] {
  const requests = index(r.requests);
  const errors = index(r.errors);
  const p50 = index(r.p50);
  const p99 = index(r.p99);
  const opened = index(r.tcpOpened);
  const failed = index(r.tcpFailed);
  const services = new Set([...requests.keys(), ...opened.keys()]);
  const out: ServiceTraffic[] = [];
  for (const service of [...services].sort()) {
    const http = requests.get(service);
    const reporter = preferred(http);
    const rate = reporter ? (http?.get(reporter) ?? 0) : 0;
    const tcpReporter = preferred(opened.get(service));
    const entry: ServiceTraffic = {
      namespace: ns,
      service,
      requestRate: rate,
      tcpConnectionRate: tcpReporter ? (opened.get(service)?.get(tcpReporter) ?? 0) : 0,
      tcpFailureRate: tcpReporter ? (failed.get(service)?.get(tcpReporter) ?? 0) : 0,
    };
    if (reporter) {
      entry.reporter = reporter;
      if (rate > 0) entry.successRate = 1 - (errors.get(service)?.get(reporter) ?? 0) / rate;
      const lo = finite(p50.get(service)?.get(reporter));
      const hi = finite(p99.get(service)?.get(reporter));
      if (lo !== undefined) entry.p50Ms = lo;
      if (hi !== undefined) entry.p99Ms = hi;
    }
    out.push(entry);
  }
  return out;
}

/**
 * Success rate, p50/p99 latency and TCP connection rates per destination Service of namespace
 * `ns` over `window`, at `at` (default now). Each number comes from the reporter closest to the
 * destination (waypoint, then destination, then source), so sidecar and ambient traffic compare.
 */
export async function serviceTraffic(
  source: TelemetrySource,
  ns: string,
  opts: ServiceTrafficOptions = {},
): Promise<ServiceTraffic[]> {
  const q = serviceTrafficQueries(ns, opts.window);
  const keys = Object.keys(q) as (keyof typeof q)[];
  const results = await Promise.all(keys.map((k) => source.query(q[k], opts.at)));
  const byKey = Object.fromEntries(keys.map((k, i) => [k, results[i] ?? []])) as Record<
    keyof typeof q,
    PromSample[]
  >;
  return parseServiceTraffic(ns, byKey);
}

/** {@link serviceTraffic} now and at `before` (e.g. just before a migration step was applied). */
export async function serviceTrafficChange(
  source: TelemetrySource,
  ns: string,
  opts: { window?: string; before: Date; now?: Date },
): Promise<{ before: ServiceTraffic[]; now: ServiceTraffic[] }> {
  const [before, now] = await Promise.all([
    serviceTraffic(source, ns, { window: opts.window, at: opts.before }),
    serviceTraffic(source, ns, { window: opts.window, at: opts.now }),
  ]);
  return { before, now };
}

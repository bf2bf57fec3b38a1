import type { PromSample } from '../topology/telemetry';

/** Golden signals of one Service over a window, from Istio's standard metrics. */
export interface ServiceSignals {
  /** `namespace/name`. */
  service: string;
  /** Requests per second (HTTP/gRPC); 0 when only L4 traffic is seen. */
  requests: number;
  /** Fraction of requests not answered 5xx, 0..1; null without requests. */
  successRate: number | null;
  /** Latency percentiles in milliseconds; null without requests. */
  p50: number | null;
  p99: number | null;
  /** TCP connections opened per second (ztunnel and sidecars). */
  connections: number;
  /** The reporter the numbers come from: `waypoint`, `destination` (sidecar or ztunnel) or `source`. */
  reporter: string;
}

/**
 * What a record keeps about traffic before its change: the signals over `window` ending at `at`,
 * or why there are none (no telemetry configured, Prometheus unreachable).
 */
export type TrafficBaseline =
  | { at: string; window: string; before: ServiceSignals[] }
  | { at: string; unavailable: string };

/** When a change counts as having degraded traffic. */
export interface TrafficThresholds {
  /** Success-rate drop, in percentage points, beyond which traffic is degraded (default 1). */
  successDropPoints: number;
  /** p99 latency increase, in percent, beyond which traffic is degraded (default 20). */
  p99IncreasePercent: number;
}

export const DEFAULT_THRESHOLDS: TrafficThresholds = { successDropPoints: 1, p99IncreasePercent: 20 };

export interface ServiceVerdict {
  service: string;
  before?: ServiceSignals;
  after?: ServiceSignals;
  status: 'healthy' | 'degraded' | 'l4-only' | 'no-traffic';
  reasons: string[];
}

/** The outcome of comparing a namespace's traffic before and after a change. */
export interface TrafficVerdict {
  status: 'verified' | 'degraded' | 'no-traffic';
  services: ServiceVerdict[];
  summary: string;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

function compare(
  service: string,
  before: ServiceSignals | undefined,
  after: ServiceSignals | undefined,
  t: TrafficThresholds,
): ServiceVerdict {
  const base = { service, ...(before ? { before } : {}), ...(after ? { after } : {}) };
  const reasons: string[] = [];
  const httpBefore = (before?.requests ?? 0) > 0;
  const httpAfter = (after?.requests ?? 0) > 0;
  if (!httpBefore && !httpAfter) {
    if ((before?.connections ?? 0) > 0 || (after?.connections ?? 0) > 0)
      return {
        ...base,
        status: 'l4-only',
        reasons: ['only L4 (TCP) traffic: no request success rate or latency'],
      };
    return { ...base, status: 'no-traffic', reasons: ['no traffic before or after'] };
  }
  if (httpBefore && !httpAfter) {
    // Without a waypoint, ztunnel reports only TCP: requests vanish from the metrics but not from the wire.
    if ((after?.connections ?? 0) > 0)
      return {
        ...base,
        status: 'l4-only',
        reasons: ['requests are now carried by ztunnel alone (L4): only connections are observable'],
      };
    return { ...base, status: 'degraded', reasons: ['traffic stopped after the change'] };
  }
  if (!httpBefore)
    return { ...base, status: 'healthy', reasons: ['no requests before the change to compare with'] };
  const b = before as ServiceSignals;
  const a = after as ServiceSignals;
  if (b.successRate !== null && a.successRate !== null) {
    const drop = (b.successRate - a.successRate) * 100;
    if (drop > t.successDropPoints)
      reasons.push(`success rate ${pct(b.successRate)} → ${pct(a.successRate)} (−${drop.toFixed(2)} points)`);
  }
  if (b.p99 !== null && a.p99 !== null && b.p99 > 0) {
    const up = ((a.p99 - b.p99) / b.p99) * 100;
    if (up > t.p99IncreasePercent) reasons.push(`p99 ${ms(b.p99)} → ${ms(a.p99)} (+${up.toFixed(0)}%)`);
  }
  return { ...base, status: reasons.length ? 'degraded' : 'healthy', reasons };
}

/**
 * Compares golden signals per Service before and after a change: a success-rate drop or a p99
 * increase beyond the thresholds marks the Service, and the change, degraded. Pure.
 */
export function trafficVerdict(
  before: readonly ServiceSignals[],
  after: readonly ServiceSignals[],
  thresholds: TrafficThresholds = DEFAULT_THRESHOLDS,
): TrafficVerdict {
  const names = [...new Set([...before, ...after].map((s) => s.service))].sort();
  const services = names.map((n) =>
    compare(
      n,
      before.find((s) => s.service === n),
      after.find((s) => s.service === n),
      thresholds,
    ),
  );
  const degraded = services.filter((s) => s.status === 'degraded');
  const observed = services.filter(
    (s) => s.status === 'healthy' || s.status === 'degraded' || s.status === 'l4-only',
  );
  if (degraded.length)
    return {
      status: 'degraded',
      services,
      summary: `traffic degraded: ${degraded.map((s) => `${s.service} (${s.reasons.join('; ')})`).join(', ')}`,
    };
  if (!observed.length)
    return { status: 'no-traffic', services, summary: 'no traffic seen before or after the change' };
  return { status: 'verified', services, summary: `traffic verified on ${observed.length} Service(s)` };
}

/** Where the traffic check of one applied step stands. */
export type TrafficCheck =
  | { status: 'unavailable'; detail: string }
  | { status: 'measuring'; detail: string; until: string }
  | { status: 'error'; detail: string }
  | ({ status: 'verified' | 'degraded' | 'no-traffic'; detail: string; window: string; at: string } & Pick<
      TrafficVerdict,
      'services'
    >);

/** A PromQL range such as `5m`: digits and a unit. */
const RANGE = /^\d+(s|m|h)$/;
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The instant queries of a namespace's golden signals over `window`, grouped by Service and reporter. */
export function signalQueries(ns: string, window: string) {
  if (!RANGE.test(window)) throw new Error(`invalid Prometheus range "${window}" (e.g. 5m)`);
  if (!NAME.test(ns)) throw new Error(`invalid namespace "${ns}"`);
  const sel = `destination_service_namespace="${ns}"`;
  const by = 'destination_service_name, reporter';
  return {
    requests: `sum by (${by})(rate(istio_requests_total{${sel}}[${window}]))`,
    errors: `sum by (${by})(rate(istio_requests_total{${sel}, response_code=~"5.."}[${window}]))`,
    p50: `histogram_quantile(0.5, sum by (${by}, le)(rate(istio_request_duration_milliseconds_bucket{${sel}}[${window}])))`,
    p99: `histogram_quantile(0.99, sum by (${by}, le)(rate(istio_request_duration_milliseconds_bucket{${sel}}[${window}])))`,
    connections: `sum by (${by})(rate(istio_tcp_connections_opened_total{${sel}}[${window}]))`,
  };
}

export type SignalSamples = Record<keyof ReturnType<typeof signalQueries>, PromSample[]>;

/** The proxy closest to the destination wins when several report the same Service. */
const PREFERENCE = ['waypoint', 'destination', 'source'];

const value = (s: PromSample | undefined) => {
  const n = Number(s?.value[1]);
  return Number.isFinite(n) ? n : null;
};

/** Turns the answers to {@link signalQueries} into one {@link ServiceSignals} per Service. Pure. */
export function signalsFromSamples(ns: string, r: SignalSamples): ServiceSignals[] {
  const key = (s: PromSample) => s.metric.destination_service_name;
  const names = [...new Set([...r.requests, ...r.connections].map(key))].filter(
    (n): n is string => !!n && n !== 'unknown',
  );
  return names.sort().map((name) => {
    const of = (list: PromSample[], reporter: string) =>
      list.find((s) => key(s) === name && s.metric.reporter === reporter);
    const http = PREFERENCE.find((rep) => (value(of(r.requests, rep)) ?? 0) > 0);
    const tcp = PREFERENCE.find((rep) => (value(of(r.connections, rep)) ?? 0) > 0);
    const requests = http ? (value(of(r.requests, http)) ?? 0) : 0;
    const errors = http ? (value(of(r.errors, http)) ?? 0) : 0;
    return {
      service: `${ns}/${name}`,
      requests,
      successRate: requests > 0 ? 1 - errors / requests : null,
      p50: http ? value(of(r.p50, http)) : null,
      p99: http ? value(of(r.p99, http)) : null,
      connections: tcp ? (value(of(r.connections, tcp)) ?? 0) : 0,
      reporter: http ?? tcp ?? 'none',
    };
  });
}

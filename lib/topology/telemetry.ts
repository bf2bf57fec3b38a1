/** One sample of a Prometheus instant-query vector (`data.result[]`). */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Observed traffic between a source workload and a destination Service/workload. */
export interface TelemetryEdge {
  sourceWorkload: string;
  sourceNamespace: string;
  destService?: string;
  destWorkload?: string;
  destNamespace: string;
  /** Requests per second (HTTP/gRPC); 0 for TCP-only flows. */
  requestRate: number;
  /** Fraction of requests answered 5xx, 0..1. */
  errorRate: number;
  tcpBytesRate?: number;
  tcpConnectionRate?: number;
  /** Reporter the numbers come from: `waypoint`, `destination` or `source`. */
  reporter: string;
  /** The proxy that reported them; undefined when the series do not say (no `app` label on TCP series). */
  proxy?: ReportingProxy;
}

/** What kind of proxy reported a flow: a sidecar (or gateway) Envoy, ztunnel, or a waypoint. */
export type ReportingProxy = 'sidecar' | 'ztunnel' | 'waypoint';

const LABELS =
  'source_workload, source_workload_namespace, destination_service_name, destination_service_namespace, destination_workload, destination_workload_namespace, reporter';

/** A PromQL range such as `1m` or `30s`: digits and a unit, nothing else gets into the query. */
export function isPromRange(w: string): boolean {
  return /^\d+(ms|s|m|h|d)$/.test(w);
}

/** The three instant queries for a rate window (default `1m`, Kiali's and Istio's dashboards' default). */
export function telemetryQueries(window = '1m'): { http: string; tcpBytes: string; tcpConnections: string } {
  if (!isPromRange(window)) throw new Error(`invalid Prometheus range "${window}" (e.g. 1m, 30s)`);
  return {
    // HTTP/gRPC request rate per flow, reporter and response code (sidecars and waypoints).
    http: `sum by (${LABELS}, response_code)(rate(istio_requests_total[${window}]))`,
    // TCP bytes sent per flow (ztunnel reports with reporter source or destination); the scraped
    // pod's `app` label tells ztunnel (app="ztunnel") from a sidecar.
    tcpBytes: `sum by (${LABELS}, app)(rate(istio_tcp_sent_bytes_total[${window}]))`,
    tcpConnections: `sum by (${LABELS}, app)(rate(istio_tcp_connections_opened_total[${window}]))`,
  };
}

const DEFAULT_QUERIES = telemetryQueries();
/** HTTP/gRPC request rate per flow, reporter and response code (sidecars and waypoints). */
export const HTTP_REQUESTS_QUERY = DEFAULT_QUERIES.http;
/** TCP bytes sent per flow (ztunnel reports with reporter source or destination). */
export const TCP_SENT_BYTES_QUERY = DEFAULT_QUERIES.tcpBytes;
/** TCP connections opened per flow. */
export const TCP_CONNECTIONS_QUERY = DEFAULT_QUERIES.tcpConnections;

/** The same flow is reported by several proxies: trust the one closest to the destination. */
const REPORTER_PREFERENCE = ['waypoint', 'destination', 'source'];

const known = (v: string | undefined) => (v && v !== 'unknown' ? v : undefined);

function rate(s: PromSample): number {
  const n = Number(s.value[1]);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function reporterRank(r: string): number {
  const i = REPORTER_PREFERENCE.indexOf(r);
  return i < 0 ? REPORTER_PREFERENCE.length : i;
}

/**
 * Groups samples by flow (source workload → destination service), keeps only the preferred
 * reporter of each flow, and splits by destination workload. `add` accumulates one sample's rate.
 */
function collect(
  samples: PromSample[],
  add: (edge: TelemetryEdge, sample: PromSample, r: number) => void,
): TelemetryEdge[] {
  const best = new Map<string, string>();
  for (const s of samples) {
    const m = s.metric;
    const flow = flowKey(m);
    const r = m.reporter ?? 'source';
    const current = best.get(flow);
    if (current === undefined || reporterRank(r) < reporterRank(current)) best.set(flow, r);
  }
  const flows = new Map<string, TelemetryEdge>();
  for (const s of samples) {
    const m = s.metric;
    const flow = flowKey(m);
    const reporter = m.reporter ?? 'source';
    if (best.get(flow) !== reporter) continue;
    const destWorkload = known(m.destination_workload);
    const key = `${flow}\u0000${destWorkload ?? ''}`;
    let edge = flows.get(key);
    if (!edge) {
      edge = {
        sourceWorkload: m.source_workload ?? 'unknown',
        sourceNamespace: m.source_workload_namespace ?? 'unknown',
        destNamespace:
          known(m.destination_service_namespace) ?? known(m.destination_workload_namespace) ?? 'unknown',
        requestRate: 0,
        errorRate: 0,
        reporter,
      };
      const destService = known(m.destination_service_name);
      if (destService) edge.destService = destService;
      if (destWorkload) edge.destWorkload = destWorkload;
      flows.set(key, edge);
    }
    add(edge, s, rate(s));
  }
  return [...flows.values()];
}

function flowKey(m: Record<string, string>): string {
  return [
    m.source_workload,
    m.source_workload_namespace,
    known(m.destination_service_name) ?? '',
    known(m.destination_service_namespace) ?? known(m.destination_workload_namespace) ?? '',
  ].join('\u0000');
}

/** Parses the result of {@link HTTP_REQUESTS_QUERY} into edges with request and 5xx rates. */
export function parseHttpRequests(result: PromSample[]): TelemetryEdge[] {
  const errors = new Map<TelemetryEdge, number>();
  const edges = collect(result, (edge, s, r) => {
    edge.requestRate += r;
    if (s.metric.response_code?.startsWith('5')) errors.set(edge, (errors.get(edge) ?? 0) + r);
  });
  for (const e of edges) {
    e.errorRate = e.requestRate > 0 ? (errors.get(e) ?? 0) / e.requestRate : 0;
    // ztunnel never reports requests: HTTP numbers come from a waypoint or an Envoy sidecar/gateway.
    e.proxy = e.reporter === 'waypoint' ? 'waypoint' : 'sidecar';
  }
  return edges.filter((e) => e.requestRate > 0);
}

/** The proxy behind most of an edge's TCP numbers, from the `app` label of the reporting pod. */
function tcpProxies(): {
  add: (edge: TelemetryEdge, s: PromSample, r: number) => void;
  settle: (edges: TelemetryEdge[]) => void;
} {
  const shares = new Map<TelemetryEdge, { ztunnel: number; sidecar: number }>();
  return {
    add(edge, s, r) {
      const app = s.metric.app;
      if (!app) return;
      const share = shares.get(edge) ?? { ztunnel: 0, sidecar: 0 };
      shares.set(edge, share);
      if (app === 'ztunnel') share.ztunnel += r;
      else share.sidecar += r;
    },
    settle(edges) {
      for (const e of edges) {
        const share = shares.get(e);
        if (share) e.proxy = share.ztunnel >= share.sidecar ? 'ztunnel' : 'sidecar';
      }
    },
  };
}

/** Parses {@link TCP_SENT_BYTES_QUERY} (and optionally {@link TCP_CONNECTIONS_QUERY}) results. */
export function parseTcp(bytes: PromSample[], connections: PromSample[] = []): TelemetryEdge[] {
  const proxies = tcpProxies();
  const byBytes = collect(bytes, (edge, s, r) => {
    edge.tcpBytesRate = (edge.tcpBytesRate ?? 0) + r;
    proxies.add(edge, s, r);
  });
  proxies.settle(byBytes);
  const byConn = collect(connections, (edge, _s, r) => {
    edge.tcpConnectionRate = (edge.tcpConnectionRate ?? 0) + r;
  });
  return mergeTelemetry(byBytes, byConn).filter(
    (e) => (e.tcpBytesRate ?? 0) > 0 || (e.tcpConnectionRate ?? 0) > 0,
  );
}

const edgeKey = (e: TelemetryEdge) =>
  [e.sourceWorkload, e.sourceNamespace, e.destService ?? '', e.destNamespace, e.destWorkload ?? ''].join(
    '\u0000',
  );

/**
 * Merges edge lists describing the same flows (e.g. HTTP and TCP): numbers of later lists are
 * added to the first edge seen for a flow, whose reporter is kept.
 */
export function mergeTelemetry(...lists: TelemetryEdge[][]): TelemetryEdge[] {
  const out = new Map<string, TelemetryEdge>();
  for (const list of lists) {
    for (const e of list) {
      const key = edgeKey(e);
      const prev = out.get(key);
      if (!prev) {
        out.set(key, { ...e });
        continue;
      }
      if (prev.proxy === undefined && e.proxy !== undefined) prev.proxy = e.proxy;
      if (e.tcpBytesRate !== undefined) prev.tcpBytesRate = (prev.tcpBytesRate ?? 0) + e.tcpBytesRate;
      if (e.tcpConnectionRate !== undefined)
        prev.tcpConnectionRate = (prev.tcpConnectionRate ?? 0) + e.tcpConnectionRate;
      if (e.requestRate > 0) {
        const errors = prev.errorRate * prev.requestRate + e.errorRate * e.requestRate;
        prev.requestRate += e.requestRate;
        prev.errorRate = errors / prev.requestRate;
      }
    }
  }
  return [...out.values()];
}

/** Parses the three query results at once. */
export function telemetryFromPrometheus(results: {
  http?: PromSample[];
  tcpBytes?: PromSample[];
  tcpConnections?: PromSample[];
}): TelemetryEdge[] {
  return mergeTelemetry(
    parseHttpRequests(results.http ?? []),
    parseTcp(results.tcpBytes ?? [], results.tcpConnections ?? []),
  );
}

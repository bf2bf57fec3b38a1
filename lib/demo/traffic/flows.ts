/**
 * What a mesh would report for the declared calls, given where each pod stands: sidecars report
 * `istio_requests_total` as source and destination, a waypoint in the path reports
 * `reporter="waypoint"`, ztunnel reports only L4 (`istio_tcp_*`). Pure: rates per series, no time.
 */
import type { ClusterSummary, ServiceView, WorkloadView } from '../../mesh/views';
import type { WaypointRef } from '../../mesh/waypoints';
import { type Labels, labelsKey } from '../../telemetry/promql/types';
import type { Call } from './calls';
import { DURATION_BUCKETS_MS, latencyCdf, latencyMean } from './latency';

/** A series' current rate of increase (per second). */
export interface SeriesRate {
  labels: Labels;
  rate: number;
}

export type SeriesRates = Map<string, SeriesRate>;

type PodClass = 'sidecar' | 'ambient' | 'none';

export interface FlowInputs {
  summary: ClusterSummary;
  calls: readonly Call[];
  /** Workloads whose pods are Envoy gateways (`namespace/name`): they report as `source`. */
  gateways: ReadonlySet<string>;
  /** True when an L4 policy in `namespace` denies the waypoint's identity. */
  deniesWaypoint(namespace: string, waypoint: WaypointRef): boolean;
}

const HTTP_KEEPALIVE = 20;
const RESPONSE_BYTES = 0.4;

// Pods waiting for istio-cni are not serving yet (in the demo they are the ones still starting).
const serving = (w: WorkloadView) => w.pods.sidecar + w.pods.ambient + w.pods.none;

function fractions(w: WorkloadView): [PodClass, number][] {
  const total = serving(w);
  if (total === 0) return [];
  return [
    ['sidecar', w.pods.sidecar / total],
    ['ambient', w.pods.ambient / total],
    ['none', w.pods.none / total],
  ];
}

/** Adds to a series' rate; `key` identifies the series (callers derive it once per label set). */
function addKeyed(out: SeriesRates, key: string, name: string, labels: Labels, rate: number): void {
  if (!(rate > 0)) return;
  const prev = out.get(key);
  if (prev) prev.rate += rate;
  else out.set(key, { labels: { __name__: name, ...labels }, rate });
}

function add(out: SeriesRates, name: string, labels: Labels, rate: number): void {
  addKeyed(out, `${name}\u0003${labelsKey(labels)}`, name, labels, rate);
}

function requests(
  out: SeriesRates,
  base: Labels,
  rate: number,
  ok: boolean,
  call: Call,
  fast: boolean,
): void {
  const grpc = call.protocol === 'grpc';
  const labels = {
    ...base,
    request_protocol: grpc ? 'grpc' : 'http',
    response_code: ok ? '200' : '503',
    response_flags: ok || !fast ? '-' : 'UF',
    ...(grpc ? { grpc_response_status: ok ? '0' : '14' } : {}),
  };
  add(out, 'istio_requests_total', labels, rate);
  // Failures refused before reaching the app are fast; everything else has the call's latency.
  const [p50, p99] = fast ? [1, 4] : [call.p50Ms, call.p99Ms];
  const { response_flags: _f, grpc_response_status: _g, ...hist } = labels;
  const bucket = 'istio_request_duration_milliseconds_bucket';
  const histKey = `${bucket}\u0003${labelsKey(hist)}\u0003le=`;
  for (const le of DURATION_BUCKETS_MS)
    addKeyed(out, histKey + le, bucket, { ...hist, le: String(le) }, rate * latencyCdf(le, p50, p99));
  addKeyed(out, `${histKey}+Inf`, bucket, { ...hist, le: '+Inf' }, rate);
  add(out, 'istio_request_duration_milliseconds_count', hist, rate);
  add(out, 'istio_request_duration_milliseconds_sum', hist, rate * latencyMean(p50, p99));
}

function tcp(out: SeriesRates, base: Labels, connections: number, bytes: number): void {
  const labels = { ...base, response_flags: '-' };
  add(out, 'istio_tcp_connections_opened_total', labels, connections);
  add(out, 'istio_tcp_connections_closed_total', labels, connections);
  add(out, 'istio_tcp_sent_bytes_total', labels, bytes);
  add(out, 'istio_tcp_received_bytes_total', labels, bytes * RESPONSE_BYTES);
}

interface Hop {
  call: Call;
  src: WorkloadView;
  srcClass: PodClass;
  svc: ServiceView;
  dest: WorkloadView;
  destClass: PodClass;
  waypoint: WaypointRef | undefined;
  rate: number;
}

function emitHop(out: SeriesRates, h: Hop, inputs: FlowInputs): void {
  const { call, src, svc, dest } = h;
  const via = h.waypoint;
  const denied = via !== undefined && h.destClass !== 'none' && inputs.deniesWaypoint(svc.namespace, via);
  const meshed = h.srcClass !== 'none' && h.destClass !== 'none';
  const base: Labels = {
    source_workload: src.name,
    source_workload_namespace: src.namespace,
    destination_service: `${svc.name}.${svc.namespace}.svc.cluster.local`,
    destination_service_name: svc.name,
    destination_service_namespace: svc.namespace,
    destination_workload: dest.name,
    destination_workload_namespace: dest.namespace,
    connection_security_policy: meshed ? 'mutual_tls' : 'none',
  };
  const proxy = (app: string, namespace: string) => ({ app, namespace });
  const srcIsEnvoy = h.srcClass === 'sidecar' || inputs.gateways.has(`${src.namespace}/${src.name}`);
  const appErrors = h.rate * call.errors;
  if (call.protocol === 'tcp') {
    const bytes = h.rate * call.bytes;
    if (srcIsEnvoy)
      tcp(out, { ...base, reporter: 'source', ...proxy(src.name, src.namespace) }, h.rate, bytes);
    if (h.srcClass === 'ambient')
      tcp(out, { ...base, reporter: 'source', ...proxy('ztunnel', 'istio-system') }, h.rate, bytes);
    if (denied) return;
    if (h.destClass === 'sidecar')
      tcp(out, { ...base, reporter: 'destination', ...proxy(dest.name, dest.namespace) }, h.rate, bytes);
    if (h.destClass === 'ambient')
      tcp(out, { ...base, reporter: 'destination', ...proxy('ztunnel', 'istio-system') }, h.rate, bytes);
    return;
  }
  const report = (labels: Labels) => {
    if (denied) {
      requests(out, labels, h.rate, false, call, true);
      return;
    }
    requests(out, labels, h.rate - appErrors, true, call, false);
    requests(out, labels, appErrors, false, call, false);
  };
  if (srcIsEnvoy) report({ ...base, reporter: 'source', ...proxy(src.name, src.namespace) });
  if (via) report({ ...base, reporter: 'waypoint', ...proxy(via.name, via.namespace) });
  const connections = h.rate / HTTP_KEEPALIVE;
  const bytes = h.rate * call.bytes;
  // ztunnel on the caller's node: the caller's identity, towards the waypoint when there is one.
  if (h.srcClass === 'ambient')
    tcp(
      out,
      {
        ...base,
        ...(via ? { destination_workload: via.name, destination_workload_namespace: via.namespace } : {}),
        reporter: 'source',
        ...proxy('ztunnel', 'istio-system'),
      },
      connections,
      bytes,
    );
  if (denied) return;
  if (h.destClass === 'sidecar')
    report({ ...base, reporter: 'destination', ...proxy(dest.name, dest.namespace) });
  // ztunnel on the destination's node sees the waypoint's identity when traffic came through it.
  if (h.destClass === 'ambient')
    tcp(
      out,
      {
        ...base,
        ...(via ? { source_workload: via.name, source_workload_namespace: via.namespace } : {}),
        reporter: 'destination',
        ...proxy('ztunnel', 'istio-system'),
      },
      connections,
      bytes,
    );
}

/** The rate of every series the mesh would report now for `calls`. */
export function flowRates(inputs: FlowInputs): SeriesRates {
  const { summary } = inputs;
  const workloads = new Map<string, WorkloadView>();
  const byName = new Map<string, WorkloadView>();
  for (const w of summary.workloads) {
    workloads.set(w.id, w);
    if (!byName.has(`${w.namespace}/${w.name}`) || w.kind === 'Deployment')
      byName.set(`${w.namespace}/${w.name}`, w);
  }
  const services = new Map(summary.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const programmed = new Set(
    summary.waypoints.filter((w) => w.programmed).map((w) => `${w.namespace}/${w.name}`),
  );
  const out: SeriesRates = new Map();
  for (const call of inputs.calls) {
    const src = byName.get(`${call.from.namespace}/${call.from.workload}`);
    const svc = services.get(`${call.to.namespace}/${call.to.service}`);
    if (!src || !svc) continue;
    const dests = svc.workloads.flatMap((id) => workloads.get(id) ?? []).filter((w) => serving(w) > 0);
    const pods = dests.reduce((n, w) => n + serving(w), 0);
    const wp =
      svc.waypoint && programmed.has(`${svc.waypoint.namespace}/${svc.waypoint.name}`)
        ? svc.waypoint
        : undefined;
    for (const [srcClass, fs] of fractions(src)) {
      // Only captured callers (a sidecar or ztunnel) send through the waypoint.
      const waypoint = srcClass === 'none' ? undefined : wp;
      for (const dest of dests) {
        for (const [destClass, fd] of fractions(dest)) {
          const rate = call.rps * fs * (serving(dest) / pods) * fd;
          if (rate > 0) emitHop(out, { call, src, srcClass, svc, dest, destClass, waypoint, rate }, inputs);
        }
      }
    }
  }
  return out;
}

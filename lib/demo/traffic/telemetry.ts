/** The demo cluster's simulated mesh telemetry, answering PromQL like a Prometheus would. */
import type { ResourceSet } from '../../cluster/snapshot';
import type { KubeObject } from '../../k8s/objects';
import { meshProxyKind } from '../../mesh/pod';
import { summarizeCluster } from '../../mesh/summary';
import type { ClusterSummary } from '../../mesh/views';
import type { WaypointRef } from '../../mesh/waypoints';
import { groupWorkloads } from '../../mesh/workloads';
import { evaluate } from '../../telemetry/promql/eval';
import { rangeFromInstants } from '../../telemetry/range';
import type { PromSample, PromSeries, QueryRange, TelemetrySource } from '../../telemetry/source';
import { type Call, type Fault, readTraffic } from './calls';
import { flowRates } from './flows';
import { RateHistory } from './history';
import { deniesWaypoint, waypointPrincipal } from './policies';
import { ProxyUsageHistory } from './proxy-usage';

/** Series exist this long before the demo starts, so rates over any window are steady at once. */
const BACKFILL_S = 3600;

const promValue = (v: number) =>
  Number.isNaN(v)
    ? 'NaN'
    : v === Number.POSITIVE_INFINITY
      ? '+Inf'
      : v === Number.NEGATIVE_INFINITY
        ? '-Inf'
        : String(v);

/** The AuthorizationPolicy a `deny-waypoint` fault puts into its namespace. */
export function denyWaypointPolicy(namespace: string, waypoint: WaypointRef): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: 'deny-waypoint',
      namespace,
      annotations: { 'demo.mesh-migrator.io/fault': 'injected by the demo scenario (faults.yaml)' },
    },
    spec: { action: 'DENY', rules: [{ from: [{ source: { principals: [waypointPrincipal(waypoint)] } }] }] },
  };
}

/** Namespaces whose Services route through a programmed waypoint, with that waypoint. */
function waypointInUse(summary: ClusterSummary, namespace: string): WaypointRef | undefined {
  const programmed = new Set(
    summary.waypoints.filter((w) => w.programmed).map((w) => `${w.namespace}/${w.name}`),
  );
  return (
    summary.services.find(
      (s) =>
        s.namespace === namespace &&
        s.waypoint &&
        programmed.has(`${s.waypoint.namespace}/${s.waypoint.name}`),
    )?.waypoint ?? undefined
  );
}

/**
 * Keeps per-series rates current with the cluster ({@link refresh} after every change) and
 * answers instant queries at any time since. Faults declared in the scenario are injected through
 * `inject` once their condition holds.
 */
export class DemoTelemetry implements TelemetrySource {
  readonly kind = 'demo' as const;
  readonly description = 'demo';
  private readonly history = new RateHistory();
  private readonly usage = new ProxyUsageHistory();
  // Istio's metrics from the simulated flows, the proxies' container metrics from their pods.
  private readonly reader = {
    series: (name: string) =>
      name.startsWith('container_') ? this.usage.series(name) : this.history.series(name),
  };
  private started = false;
  private readonly injected = new Set<string>();
  calls: Call[] = [];
  faults: Fault[] = [];
  problems: string[] = [];

  constructor(private readonly clock: () => number = () => Date.now()) {}

  /**
   * Recomputes what the mesh reports from the cluster's current objects. Returns the objects a
   * fault wants written (the caller writes them, then refreshes again).
   */
  refresh(resources: ResourceSet, configMaps: readonly KubeObject[]): KubeObject[] {
    const t = this.clock() / 1000;
    if (!this.started) {
      const read = readTraffic(configMaps);
      this.calls = read.calls;
      this.faults = read.faults;
      this.problems = read.problems;
    }
    this.usage.update(resources, t, this.started ? t : t - BACKFILL_S);
    // A cluster without a declared call graph reports no traffic: skip the work.
    if (this.calls.length === 0 && this.faults.length === 0) {
      this.started = true;
      return [];
    }
    const summary = summarizeCluster(resources);
    const gateways = new Set<string>();
    for (const g of groupWorkloads(resources)) {
      if (g.pods.some((p) => meshProxyKind(p) === 'gateway'))
        gateways.add(`${g.ref.namespace}/${g.ref.name}`);
    }
    const rates = flowRates({
      summary,
      calls: this.calls,
      gateways,
      deniesWaypoint: (ns, w) => deniesWaypoint(resources, ns, w),
    });
    this.history.update(rates, t, this.started ? t : t - BACKFILL_S);
    this.started = true;
    const writes: KubeObject[] = [];
    for (const f of this.faults) {
      const key = `${f.namespace}/${f.kind}`;
      const waypoint = this.injected.has(key) ? undefined : waypointInUse(summary, f.namespace);
      if (!waypoint) continue;
      this.injected.add(key);
      writes.push(denyWaypointPolicy(f.namespace, waypoint));
    }
    return writes;
  }

  /** Number of series reported so far. */
  seriesCount(): number {
    return this.history.size();
  }

  async query(promql: string, time?: Date): Promise<PromSample[]> {
    const t = (time?.getTime() ?? this.clock()) / 1000;
    const v = evaluate(promql, this.reader, t);
    if (v.type === 'scalar') return [{ metric: {}, value: [t, promValue(v.value)] }];
    if (v.type !== 'vector') throw new Error(`expected a vector result, got ${v.type}`);
    return v.samples.map((s) => ({ metric: s.labels, value: [t, promValue(s.value)] }));
  }

  queryRange(promql: string, range: QueryRange): Promise<PromSeries[]> {
    return rangeFromInstants((time) => this.query(promql, time), range);
  }
}

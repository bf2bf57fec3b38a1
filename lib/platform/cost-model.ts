/**
 * The resource cost model: what sidecars reserve and use per namespace, and what ambient needs
 * instead (ztunnel per node, waypoints where L7 is needed). Pure: the caller passes the measured
 * usage and the namespaces whose plan adds a waypoint.
 */
import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { num, rec, str } from '../mesh/fields';
import { GATEWAY_NAME_LABEL, label, WAYPOINT_CLASS } from '../mesh/labels';
import { classifyPod, meshProxyKind, sidecarEvidence } from '../mesh/pod';
import {
  ISTIO_PROXY_DEFAULT,
  type ProxyResources,
  sidecarResources,
  templateProxyResources,
  ZTUNNEL_DEFAULT,
} from './proxy-resources';

/** Measured usage of one `istio-proxy` container over the telemetry window. */
export interface ProxyUsage {
  cpuMillicores: number;
  memoryBytes: number;
}

/** Requests (always), limits (when every part sets one) and measured usage (when known). */
export interface Figures {
  cpuRequestMillicores: number;
  memoryRequestBytes: number;
  cpuLimitMillicores?: number;
  memoryLimitBytes?: number;
  cpuUsageMillicores?: number;
  memoryUsageBytes?: number;
}

export interface WaypointCost {
  namespace: string;
  name: string;
  replicas: number;
  /** Already deployed (a Gateway of class istio-waypoint), or added by the namespace's plan. */
  planned: boolean;
  perReplica: ProxyResources;
  total: Figures;
}

export interface NamespaceCost {
  namespace: string;
  /** Pods that carry a sidecar now. */
  sidecarPods: number;
  /** Pods captured by ztunnel (moved). */
  ambientPods: number;
  /** What the sidecars of the namespace hold now. */
  sidecar: Figures;
  /** What its sidecars held, or would hold, for every meshed pod (the cost before the move). */
  sidecarBefore: Figures;
  /** What the namespace needs in ambient: its waypoints (ztunnel is shared and counted once per node). */
  ambientProjected: Figures;
  waypoints: WaypointCost[];
  /** No sidecar left and at least one pod captured by ztunnel. */
  moved: boolean;
}

export interface ZtunnelCost {
  deployed: boolean;
  nodes: number;
  perNode: ProxyResources;
  total: Figures;
}

/** The mesh's overhead before the move, now, and once every namespace has moved. */
export interface CostScenarios {
  beforeMove: Figures;
  now: Figures;
  afterAll: Figures;
}

export interface CostModel {
  namespaces: NamespaceCost[];
  ztunnel: ZtunnelCost;
  scenarios: CostScenarios;
  /** Measured usage was available (Prometheus configured and answering). */
  measured: boolean;
}

export interface CostInput {
  /** Namespaces whose migration plan deploys a new waypoint. */
  plannedWaypoints?: ReadonlySet<string>;
  /** Measured `istio-proxy` usage keyed `namespace/pod`. */
  usage?: ReadonlyMap<string, ProxyUsage>;
  /** Name of waypoints the plan creates (default `waypoint`). */
  waypointName?: string;
}

export function zeroFigures(): Figures {
  return { cpuRequestMillicores: 0, memoryRequestBytes: 0 };
}

/** Adds `b` into `a`; a limit survives only while every part has one; usage adds where known. */
function addInto(a: Figures, b: Figures, first: boolean): void {
  a.cpuRequestMillicores += b.cpuRequestMillicores;
  a.memoryRequestBytes += b.memoryRequestBytes;
  for (const k of ['cpuLimitMillicores', 'memoryLimitBytes'] as const) {
    const v = b[k];
    if (first) {
      if (v !== undefined) a[k] = v;
    } else if (v === undefined || a[k] === undefined) delete a[k];
    else a[k] = (a[k] ?? 0) + v;
  }
  for (const k of ['cpuUsageMillicores', 'memoryUsageBytes'] as const) {
    const v = b[k];
    if (v !== undefined) a[k] = (a[k] ?? 0) + v;
  }
}

/** Sum of figures (limits kept only when every part has one). */
export function sumFigures(parts: Figures[]): Figures {
  const out = zeroFigures();
  parts.forEach((p, i) => {
    addInto(out, p, i === 0);
  });
  return out;
}

function scaled(r: ProxyResources, n: number): Figures {
  const f: Figures = {
    cpuRequestMillicores: r.cpuRequestMillicores * n,
    memoryRequestBytes: r.memoryRequestBytes * n,
  };
  if (r.cpuLimitMillicores !== undefined) f.cpuLimitMillicores = r.cpuLimitMillicores * n;
  if (r.memoryLimitBytes !== undefined) f.memoryLimitBytes = r.memoryLimitBytes * n;
  return f;
}

function withUsage(f: Figures, usages: (ProxyUsage | undefined)[]): Figures {
  const known = usages.filter((u): u is ProxyUsage => u !== undefined);
  if (known.length === 0) return f;
  return {
    ...f,
    cpuUsageMillicores: known.reduce((s, u) => s + u.cpuMillicores, 0),
    memoryUsageBytes: known.reduce((s, u) => s + u.memoryBytes, 0),
  };
}

const podKey = (p: KubeObject) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`;

function ztunnelCost(
  resources: ResourceSet,
  usage: ReadonlyMap<string, ProxyUsage> | undefined,
): ZtunnelCost {
  const ds = resources.daemonsets.find((d) => d.metadata.name === 'ztunnel' || label(d, 'app') === 'ztunnel');
  const pods = resources.pods.filter((p) => meshProxyKind(p) === 'ztunnel');
  const nodeNames = new Set(resources.pods.map((p) => str(rec(p.spec)?.nodeName)).filter((n) => n));
  const desired = Math.max(
    0,
    ...resources.daemonsets.map((d) => num(rec(d.status)?.desiredNumberScheduled) ?? 0),
  );
  const nodes =
    num(rec(ds?.status)?.desiredNumberScheduled) ?? (pods.length || desired || nodeNames.size || 1);
  const perNode = templateProxyResources(ds, ZTUNNEL_DEFAULT);
  return {
    deployed: ds !== undefined || pods.length > 0,
    nodes,
    perNode,
    total: withUsage(
      scaled(perNode, nodes),
      pods.map((p) => usage?.get(podKey(p))),
    ),
  };
}

function existingWaypoints(
  resources: ResourceSet,
  usage: ReadonlyMap<string, ProxyUsage> | undefined,
): WaypointCost[] {
  return resources.gateways
    .filter((g) => str(rec(g.spec)?.gatewayClassName) === WAYPOINT_CLASS)
    .map((g) => {
      const ns = g.metadata.namespace ?? '';
      const deploy = resources.deployments.find(
        (d) =>
          d.metadata.namespace === ns &&
          (d.metadata.name === g.metadata.name || label(d, GATEWAY_NAME_LABEL) === g.metadata.name),
      );
      const replicas = num(rec(deploy?.spec)?.replicas) ?? 1;
      const perReplica = templateProxyResources(deploy, ISTIO_PROXY_DEFAULT);
      const pods = resources.pods.filter(
        (p) => p.metadata.namespace === ns && label(p, GATEWAY_NAME_LABEL) === g.metadata.name,
      );
      return {
        namespace: ns,
        name: g.metadata.name,
        replicas,
        planned: false,
        perReplica,
        total: withUsage(
          scaled(perReplica, replicas),
          pods.map((p) => usage?.get(podKey(p))),
        ),
      };
    });
}

function plannedWaypoint(ns: string, name: string): WaypointCost {
  const perReplica: ProxyResources = { ...ISTIO_PROXY_DEFAULT, source: 'istio-default' };
  return { namespace: ns, name, replicas: 1, planned: true, perReplica, total: scaled(perReplica, 1) };
}

interface NsAcc {
  sidecar: Figures[];
  before: Figures[];
  sidecarPods: number;
  ambientPods: number;
}

/**
 * Builds the cost model of a cluster: per namespace the sidecars' requests, limits and measured
 * usage against the waypoints ambient would run there; ztunnel once per node; and the totals
 * before the move, now and after every namespace has moved.
 */
export function costModel(resources: ResourceSet, input: CostInput = {}): CostModel {
  const nsByName = new Map(resources.namespaces.map((n) => [n.metadata.name, n]));
  const acc = new Map<string, NsAcc>();
  const get = (ns: string) => {
    let a = acc.get(ns);
    if (!a) {
      a = { sidecar: [], before: [], sidecarPods: 0, ambientPods: 0 };
      acc.set(ns, a);
    }
    return a;
  };
  for (const name of nsByName.keys()) get(name);
  for (const pod of resources.pods) {
    if (meshProxyKind(pod)) continue;
    const ns = pod.metadata.namespace ?? '';
    const a = get(ns);
    const hasSidecar = sidecarEvidence(pod) !== undefined;
    if (hasSidecar) {
      const r = sidecarResources(pod, true);
      if (!r) continue;
      const f = withUsage(scaled(r, 1), [input.usage?.get(podKey(pod))]);
      a.sidecar.push(f);
      a.before.push(f);
      a.sidecarPods += 1;
    } else if (classifyPod(pod, nsByName.get(ns)).dataplane === 'ambient') {
      // What its sidecar reserved before the move: its annotations, else Istio's defaults.
      const r = sidecarResources(pod, true);
      if (r) a.before.push(scaled(r, 1));
      a.ambientPods += 1;
    }
  }
  const existing = existingWaypoints(resources, input.usage);
  const waypointName = input.waypointName ?? 'waypoint';
  const namespaces: NamespaceCost[] = [...acc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([namespace, a]) => {
      const waypoints = existing.filter((w) => w.namespace === namespace);
      if (input.plannedWaypoints?.has(namespace) && !waypoints.some((w) => w.name === waypointName))
        waypoints.push(plannedWaypoint(namespace, waypointName));
      return {
        namespace,
        sidecarPods: a.sidecarPods,
        ambientPods: a.ambientPods,
        sidecar: sumFigures(a.sidecar),
        sidecarBefore: sumFigures(a.before),
        ambientProjected: sumFigures(waypoints.map((w) => w.total)),
        waypoints,
        moved: a.sidecarPods === 0 && a.ambientPods > 0,
      };
    });
  const ztunnel = ztunnelCost(resources, input.usage);
  const existingTotal = sumFigures(existing.map((w) => w.total));
  const now = sumFigures([
    ...namespaces.map((n) => n.sidecar),
    ...(ztunnel.deployed ? [ztunnel.total] : []),
    existingTotal,
  ]);
  const afterAll = sumFigures([ztunnel.total, ...namespaces.flatMap((n) => n.waypoints.map((w) => w.total))]);
  return {
    namespaces,
    ztunnel,
    scenarios: { beforeMove: sumFigures(namespaces.map((n) => n.sidecarBefore)), now, afterAll },
    measured: (input.usage?.size ?? 0) > 0,
  };
}

/** What moving one namespace frees: its sidecars minus the waypoints it would run. */
export interface Saving {
  cpuRequestMillicores: number;
  memoryRequestBytes: number;
  cpuUsageMillicores?: number;
  memoryUsageBytes?: number;
}

/** The projected saving of moving `namespace` (negative when its waypoints cost more); undefined for an unknown namespace. */
export function projectedSaving(model: CostModel, namespace: string): Saving | undefined {
  const n = model.namespaces.find((x) => x.namespace === namespace);
  if (!n) return undefined;
  return difference(n.sidecar, n.ambientProjected);
}

/** `a - b` on requests, and on usage when `a` has a measurement. */
export function difference(a: Figures, b: Figures): Saving {
  const out: Saving = {
    cpuRequestMillicores: a.cpuRequestMillicores - b.cpuRequestMillicores,
    memoryRequestBytes: a.memoryRequestBytes - b.memoryRequestBytes,
  };
  if (a.cpuUsageMillicores !== undefined)
    out.cpuUsageMillicores = a.cpuUsageMillicores - (b.cpuUsageMillicores ?? 0);
  if (a.memoryUsageBytes !== undefined) out.memoryUsageBytes = a.memoryUsageBytes - (b.memoryUsageBytes ?? 0);
  return out;
}

import type { ResourceSet } from '../cluster/snapshot';
import { StringPool } from '../k8s/intern';
import type { KubeObject } from '../k8s/objects';
import { arr, conditionsOf, num, rec, str } from './fields';
import {
  label,
  MANAGED_GATEWAY_LABEL,
  MESH_CONTROLLER_VALUE,
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  WAYPOINT_CLASS,
  WAYPOINT_FOR_LABEL,
  WAYPOINT_OPT_OUT_VALUES,
} from './labels';
import { labelSelectorMatches } from './selector';

/** Which traffic a waypoint accepts (`istio.io/waypoint-for`). */
export type WaypointTrafficType = 'service' | 'workload' | 'all' | 'none';

export interface WaypointRef {
  namespace: string;
  name: string;
}

/** A waypoint Gateway as the product reports it. Serialisable. */
export interface WaypointInfo extends WaypointRef {
  gatewayClassName: string;
  trafficType: WaypointTrafficType;
  /** Istio-managed (`gateway.istio.io/managed=istio.io-mesh-controller`). */
  managed: boolean;
  programmed: boolean;
  /** Has an address in its status: what istiod requires before it sends traffic through it. */
  addressed: boolean;
  /** Which namespaces may attach to it (HBONE listener `allowedRoutes.namespaces.from`). */
  allowedNamespaces: 'Same' | 'All' | 'Selector';
  problems: string[];
}

/** Which waypoint carries a Service's or workload's traffic, and why. */
export interface WaypointResolution {
  /** The waypoint traffic actually goes through. */
  waypoint?: WaypointRef;
  /** The waypoint a label points at, even when it cannot be used. */
  intended?: WaypointRef;
  source: 'pod' | 'service' | 'namespace' | 'none';
  reason: string;
  problem?: string;
}

/** Waypoints by `namespace/name`, with what resolution needs beyond the view. */
export interface WaypointIndex {
  waypoints: Map<string, WaypointInfo>;
  /** Non-waypoint Gateway API Gateways, so a label naming one can be explained. */
  otherGateways: Set<string>;
  namespaces: Map<string, KubeObject>;
  selectors: Map<string, unknown>;
}

export const refKey = (r: WaypointRef) => `${r.namespace}/${r.name}`;

const TRAFFIC_TYPES: ReadonlySet<string> = new Set(['service', 'workload', 'all', 'none']);

function hboneListener(gw: KubeObject): Record<string, unknown> | undefined {
  const listeners = arr(rec(gw.spec)?.listeners).map(rec);
  return listeners.find((l) => str(l?.protocol) === 'HBONE' && num(l?.port) === 15008);
}

/** A Gateway API Gateway is a waypoint when its class is `istio-waypoint` or it has the HBONE 15008 listener. */
export function isWaypointGateway(gw: KubeObject): boolean {
  return str(rec(gw.spec)?.gatewayClassName) === WAYPOINT_CLASS || hboneListener(gw) !== undefined;
}

function waypointInfo(
  gw: KubeObject,
  classes: Map<string, KubeObject>,
): { info: WaypointInfo; selector: unknown } {
  const className = str(rec(gw.spec)?.gatewayClassName) ?? '';
  const problems: string[] = [];
  const raw = label(gw, WAYPOINT_FOR_LABEL) ?? label(classes.get(className), WAYPOINT_FOR_LABEL) ?? 'service';
  let trafficType: WaypointTrafficType = 'none';
  if (TRAFFIC_TYPES.has(raw)) trafficType = raw as WaypointTrafficType;
  else problems.push(`unknown ${WAYPOINT_FOR_LABEL} value "${raw}": accepts no traffic`);
  const conditions = conditionsOf(gw.status);
  const programmedCond = conditions.find((c) => c.type === 'Programmed');
  const hasAddress = arr(rec(gw.status)?.addresses).length > 0;
  const programmed = programmedCond ? programmedCond.status === 'True' : hasAddress;
  if (!programmed) {
    const why = programmedCond?.message ?? programmedCond?.reason ?? 'no status yet';
    problems.push(`not Programmed (${why})`);
  }
  const allowed = rec(rec(hboneListener(gw)?.allowedRoutes)?.namespaces);
  const from = str(allowed?.from);
  const allowedNamespaces = from === 'All' || from === 'Selector' ? from : 'Same';
  return {
    info: {
      namespace: gw.metadata.namespace ?? '',
      name: gw.metadata.name,
      gatewayClassName: className,
      trafficType,
      managed: label(gw, MANAGED_GATEWAY_LABEL) === MESH_CONTROLLER_VALUE,
      programmed,
      // Readers that keep no status addresses fall back to Programmed.
      addressed: rec(gw.status)?.addresses === undefined ? programmed : hasAddress,
      allowedNamespaces,
      problems,
    },
    selector: allowed?.selector,
  };
}

/** Indexes waypoint Gateways (Gateway API `gateways`) once per cluster. */
export function buildWaypointIndex(
  resources: Pick<ResourceSet, 'gateways' | 'gatewayclasses' | 'namespaces'>,
): WaypointIndex {
  const classes = new Map(resources.gatewayclasses.map((c) => [c.metadata.name, c]));
  const index: WaypointIndex = {
    waypoints: new Map(),
    otherGateways: new Set(),
    namespaces: new Map(resources.namespaces.map((n) => [n.metadata.name, n])),
    selectors: new Map(),
  };
  for (const gw of resources.gateways) {
    const key = refKey({ namespace: gw.metadata.namespace ?? '', name: gw.metadata.name });
    if (!isWaypointGateway(gw)) {
      index.otherGateways.add(key);
      continue;
    }
    const { info, selector } = waypointInfo(gw, classes);
    index.waypoints.set(key, info);
    index.selectors.set(key, selector);
  }
  return index;
}

function waypointLabelOf(obj: KubeObject, defaultNamespace: string): WaypointRef | 'opt-out' | undefined {
  const value = label(obj, USE_WAYPOINT_LABEL);
  if (value === undefined) return undefined;
  if (WAYPOINT_OPT_OUT_VALUES.has(value)) return 'opt-out';
  return { namespace: label(obj, USE_WAYPOINT_NAMESPACE_LABEL) ?? defaultNamespace, name: value };
}

/**
 * Resolves the waypoint for service-addressed (`traffic: 'service'`, target a Service or ServiceEntry)
 * or workload-addressed (`traffic: 'workload'`, target a pod) traffic, following Istio: a label on the
 * object beats the namespace label; an object-level `none` opts out; a waypoint that is missing,
 * not Programmed, not open to the caller's namespace, or not for this traffic type is not used.
 */
export function resolveWaypoint(
  target: KubeObject,
  traffic: 'service' | 'workload',
  index: WaypointIndex,
): WaypointResolution {
  const namespace = target.metadata.namespace ?? '';
  const objectSource = traffic === 'service' ? 'service' : 'pod';
  if (traffic === 'service' && label(target, MANAGED_GATEWAY_LABEL) === MESH_CONTROLLER_VALUE) {
    return { source: 'none', reason: 'is a waypoint itself' };
  }
  const own = waypointLabelOf(target, namespace);
  if (own === 'opt-out') return { source: objectSource, reason: OPTED_OUT };
  if (own) return check(own, objectSource, traffic, namespace, index);
  const ns = index.namespaces.get(namespace);
  const inherited = ns ? waypointLabelOf(ns, namespace) : undefined;
  if (inherited && inherited !== 'opt-out') return check(inherited, 'namespace', traffic, namespace, index);
  return { source: 'none', reason: NO_LABEL[objectSource] };
}

// One copy of each reason text: every Service and workload of a cluster carries one.
const OPTED_OUT = `opted out with ${USE_WAYPOINT_LABEL}=none`;
const NO_LABEL = {
  service: `no ${USE_WAYPOINT_LABEL} label on the service or namespace`,
  pod: `no ${USE_WAYPOINT_LABEL} label on the pod or namespace`,
};
// The texts that name a waypoint and where its label is: few distinct ones, each kept once.
const reasons = new StringPool(10_000);

function check(
  ref: WaypointRef,
  source: 'pod' | 'service' | 'namespace',
  traffic: 'service' | 'workload',
  fromNamespace: string,
  index: WaypointIndex,
): WaypointResolution {
  const key = refKey(ref);
  const where = `${USE_WAYPOINT_LABEL} on the ${source}`;
  const notUsed = (problem: string): WaypointResolution => ({
    intended: ref,
    source,
    reason: reasons.string(`${where} names ${key}, not used: ${problem}`),
    problem,
  });
  const wp = index.waypoints.get(key);
  if (!wp) {
    if (index.otherGateways.has(key))
      return notUsed(`Gateway ${key} is not a waypoint (no istio-waypoint class or HBONE listener)`);
    return notUsed(`waypoint ${key} does not exist`);
  }
  if (!allowsNamespace(wp, index, fromNamespace)) {
    return notUsed(
      `waypoint ${key} does not accept namespace ${fromNamespace} (allowedRoutes ${wp.allowedNamespaces})`,
    );
  }
  if (wp.trafficType !== traffic && wp.trafficType !== 'all') {
    const msg = `waypoint ${key} is for ${wp.trafficType} traffic (${WAYPOINT_FOR_LABEL}), not ${traffic} traffic`;
    // A namespace-wide waypoint for the other traffic type is normal, not a problem.
    if (source === 'namespace')
      return { intended: ref, source, reason: reasons.string(`${where} names ${key}, not used: ${msg}`) };
    return notUsed(msg);
  }
  // istiod uses a waypoint once its status has an address, whatever Programmed says.
  if (!wp.addressed)
    return notUsed(
      wp.programmed ? `waypoint ${key} has no address yet` : `waypoint ${key} is not Programmed`,
    );
  return { waypoint: ref, intended: ref, source, reason: reasons.string(`uses waypoint ${key} (${where})`) };
}

function allowsNamespace(wp: WaypointInfo, index: WaypointIndex, namespace: string): boolean {
  if (wp.allowedNamespaces === 'All') return true;
  if (wp.allowedNamespaces === 'Same') return wp.namespace === namespace;
  const ns = index.namespaces.get(namespace);
  return labelSelectorMatches(index.selectors.get(refKey(wp)), ns?.metadata.labels);
}

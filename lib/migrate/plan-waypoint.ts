import type { ResourceSet } from '../cluster/snapshot';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../convert/gateway-api';
import type { ConversionResult } from '../convert/types';
import type { KubeObject } from '../k8s/objects';
import {
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  WAYPOINT_CLASS,
  WAYPOINT_FOR_LABEL,
} from '../mesh/labels';
import { indexOf } from '../model/cluster-index';
import { routeParentServices } from './hosts';
import { l7PoliciesToMigrate } from './l7';
import { waypointsIn } from './resources';

/** Why a namespace needs a waypoint: the L7 features found (empty = L4 only). */
export function l7Reasons(resources: ResourceSet, ns: string, conversion: ConversionResult): string[] {
  const reasons: string[] = [];
  const policies = l7PoliciesToMigrate(resources, ns);
  const routes = conversion.resources.filter(
    (o) => o.metadata.namespace === ns && routeParentServices(o).length > 0,
  );
  const gamma = [
    ...indexOf(resources).objects('httproutes', ns),
    ...indexOf(resources).objects('grpcroutes', ns),
  ].filter((r) => routeParentServices(r).length > 0);
  if (routes.length) reasons.push(`${routes.length} east-west route(s) converted from VirtualServices`);
  if (gamma.length) reasons.push(`${gamma.length} existing route(s) attached to Services`);
  for (const kind of ['AuthorizationPolicy', 'RequestAuthentication', 'WasmPlugin'] as const) {
    const n = policies.filter((p) => p.kind === kind).length;
    if (n) reasons.push(`${n} ${kind}${kind === 'AuthorizationPolicy' ? ' (L7)' : ''}`);
  }
  return reasons;
}

/** The waypoint a namespace uses or will use, and whether the plan must create it. */
export interface WaypointChoice {
  name: string;
  namespace: string;
  /** Why no Gateway is created (it exists, or the namespace uses another one). */
  existing?: string;
}

/**
 * Picks the waypoint: the one the namespace label already names, an existing waypoint Gateway
 * of the wanted name, or a new one called `name`.
 */
export function chooseWaypoint(resources: ResourceSet, ns: string, name: string): WaypointChoice {
  const labels = indexOf(resources).namespace(ns)?.metadata.labels ?? {};
  const used = labels[USE_WAYPOINT_LABEL];
  if (used && used !== 'none' && used !== '#none') {
    const wpNs = labels[USE_WAYPOINT_NAMESPACE_LABEL] ?? ns;
    return { name: used, namespace: wpNs, existing: `the namespace already uses waypoint ${wpNs}/${used}` };
  }
  if (waypointsIn(resources, ns).some((g) => g.metadata.name === name)) {
    return { name, namespace: ns, existing: `waypoint Gateway ${ns}/${name} already exists` };
  }
  return { name, namespace: ns };
}

/** The waypoint Gateway Istio's `istioctl waypoint apply` would create (service traffic, HBONE on 15008). */
export function waypointGateway(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {
      name,
      namespace: ns,
      labels: { [WAYPOINT_FOR_LABEL]: 'service', [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    },
    spec: {
      gatewayClassName: WAYPOINT_CLASS,
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    },
  };
}

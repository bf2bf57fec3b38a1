import type { ControlPlaneView } from './control-plane';
import type { DataplanePercentages, NamespaceIntent, NamespaceState } from './namespace';
import type { PodDataplane } from './pod';
import type { WaypointInfo, WaypointRef, WaypointResolution } from './waypoints';
import type { DataplaneCounts } from './workloads';

/** One namespace in the summary table. */
export interface NamespaceView {
  name: string;
  state: NamespaceState;
  pods: DataplaneCounts;
  percent: DataplanePercentages;
  /** Waypoint the namespace label sends service traffic to, when it is usable. */
  waypoint: WaypointRef | null;
  waypointProblem?: string;
  /** Waypoint Gateways deployed in this namespace. */
  waypoints: WaypointRef[];
  intent: NamespaceIntent;
  workloads: number;
  services: number;
}

/** One workload (controller or bare pod) in the summary. */
export interface WorkloadView {
  /** `Kind/namespace/name`. */
  id: string;
  namespace: string;
  kind: string;
  name: string;
  dataplane: PodDataplane;
  reason: string;
  pods: DataplaneCounts;
  /** Waypoint for workload-addressed traffic. */
  waypoint: WaypointRef | null;
  waypointSource: WaypointResolution['source'];
  waypointProblem?: string;
  /** Ids of Services and ServiceEntries selecting this workload. */
  services: string[];
  hostNetwork: boolean;
  /** Set when this workload is the proxy deployment of a waypoint Gateway. */
  waypointOf?: WaypointRef;
}

/** A Service or ServiceEntry and where its traffic goes. */
export interface ServiceView {
  /** `Service/namespace/name` or `ServiceEntry/namespace/name`. */
  id: string;
  kind: 'Service' | 'ServiceEntry';
  namespace: string;
  name: string;
  selector?: Record<string, string>;
  /** ServiceEntry hosts; for a Service its cluster-local FQDN. */
  hosts: string[];
  external: boolean;
  /** Ids of selected workloads. */
  workloads: string[];
  /** Least migrated data plane among the selected workloads; `none` when it selects nothing. */
  dataplane: PodDataplane;
  waypoint: WaypointRef | null;
  waypointSource: WaypointResolution['source'];
  waypointReason: string;
  waypointProblem?: string;
  /** `istio.io/ingress-use-waypoint=true`: ingress traffic also goes through the waypoint. */
  ingressUsesWaypoint: boolean;
  /** Set when this Service fronts a waypoint Gateway's proxy. */
  waypointOf?: WaypointRef;
}

/** Everything the namespace table, topology graph and CLI `status` show. Serialisable. */
export interface ClusterSummary {
  namespaces: NamespaceView[];
  workloads: WorkloadView[];
  services: ServiceView[];
  waypoints: WaypointInfo[];
  controlPlane: ControlPlaneView;
  pods: DataplaneCounts;
}

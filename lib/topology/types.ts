import type { DataplaneCounts } from '../mesh/workloads';
import type { GroupBy } from './overview';
import type { ReportingProxy, TelemetryEdge } from './telemetry';

export type NodeType = 'workload' | 'service' | 'ingress' | 'waypoint' | 'external' | 'namespace' | 'group';

/** How a node's traffic is carried, as the graph colours it. */
export type GraphDataplane = 'sidecar' | 'ztunnel' | 'waypoint-covered' | 'none' | 'mixed' | 'pending';

export type EdgeKind = 'route' | 'selector' | 'waypoint' | 'destination' | 'telemetry';
export type EdgeOrigin = 'config' | 'telemetry';

/** Aggregates carried by namespace nodes (group or collapsed). */
export interface NodeCounts {
  /** Visible nodes per type inside the namespace. */
  byType: Partial<Record<NodeType, number>>;
  /** Visible workload and service nodes per data plane. */
  byDataplane: Partial<Record<GraphDataplane, number>>;
  /** Pods per data plane in the whole namespace. */
  pods?: DataplaneCounts;
}

export interface GraphNode {
  id: string;
  type: NodeType;
  /** '' for nodes outside any namespace (unresolved external hosts). */
  namespace: string;
  name: string;
  dataplane: GraphDataplane;
  label: string;
  badges: string[];
  /** Id of the namespace group node this node sits in. */
  parent?: string;
  /** A namespace shown as one node. */
  collapsed?: boolean;
  counts?: NodeCounts;
  /** One-line explanation (classification reason, waypoint problem). */
  detail?: string;
  /** Id in the cluster summary (`Kind/namespace/name`) for lookups. */
  ref?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  origin: EdgeOrigin;
  weight?: number;
  label?: string;
  /** Requests per second (telemetry). */
  requestRate?: number;
  /** Fraction of 5xx responses, 0..1 (telemetry). */
  errorRate?: number;
  /** Bytes per second sent over TCP (telemetry). */
  tcpBytesRate?: number;
  /** Which proxy reported the traffic (telemetry); of merged flows, the one closest to L7. */
  reportedBy?: ReportingProxy;
  /** Config edges merged into this one when namespaces collapse. */
  count?: number;
}

export interface BuildGraphOptions {
  namespaces?: string[];
  dataplanes?: string[];
  edgeSources?: EdgeOrigin[];
  search?: string;
  /** Namespaces collapse into single nodes past this many nodes. Default {@link DEFAULT_COLLAPSE_THRESHOLD}. */
  collapseThreshold?: number;
  /** Namespaces that stay expanded when collapsing. */
  expanded?: string[];
  telemetry?: TelemetryEdge[];
  /** Level of detail; `auto` (default) picks by size (see `chooseLevel`). */
  level?: GraphLevel | 'auto';
  /** How the `groups` level gathers namespaces (default `state`). */
  groupBy?: GroupBy;
  /** Group keys (`state=sidecar`, `team=a`) whose namespaces are shown. */
  open?: string[];
  /** Text of a node to jump to: its namespace is expanded (and its group opened). */
  focus?: string;
}

/** Whole namespaces grouped, one node per namespace, or every workload and Service. */
export type GraphLevel = 'groups' | 'namespaces' | 'workloads';

export interface TopologyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when some namespaces were collapsed. */
  collapsed: boolean;
  /** Visible non-group nodes before collapsing. */
  totalNodes: number;
  /** The level of detail shown. */
  level: GraphLevel;
  /** Node found for `focus`, when one matched. */
  focus?: string;
}

/** A graph with more nodes than this opens one node per namespace (or group) rather than per workload. */
export const DEFAULT_COLLAPSE_THRESHOLD = 60;

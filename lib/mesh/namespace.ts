import type { KubeObject } from '../k8s/objects';
import {
  DATAPLANE_MODE_LABEL,
  INJECTION_LABEL,
  label,
  REVISION_LABEL,
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
} from './labels';
import type { DataplaneCounts } from './workloads';

/** Where a namespace stands in the move from sidecars to ambient. */
export type NamespaceState = 'out-of-mesh' | 'sidecar' | 'mixed' | 'ambient' | 'ambient-l7';

/** The mesh labels set on a namespace. */
export interface NamespaceIntent {
  dataplaneMode?: string;
  injection?: string;
  revision?: string;
  useWaypoint?: string;
  useWaypointNamespace?: string;
}

/** Share of pods per data plane, in percent with one decimal. */
export interface DataplanePercentages {
  sidecar: number;
  ambient: number;
  ambientPending: number;
  none: number;
}

/** Reads the mesh intent labels of a namespace. */
export function namespaceIntent(ns: KubeObject | undefined): NamespaceIntent {
  const intent: NamespaceIntent = {};
  const set = (k: keyof NamespaceIntent, v: string | undefined) => {
    if (v !== undefined) intent[k] = v;
  };
  set('dataplaneMode', label(ns, DATAPLANE_MODE_LABEL));
  set('injection', label(ns, INJECTION_LABEL));
  set('revision', label(ns, REVISION_LABEL));
  set('useWaypoint', label(ns, USE_WAYPOINT_LABEL));
  set('useWaypointNamespace', label(ns, USE_WAYPOINT_NAMESPACE_LABEL));
  return intent;
}

/**
 * Migration state from pod counts: no meshed pods = out-of-mesh (or ambient when labelled ambient
 * and empty); only sidecars (plus opted-out pods) = sidecar; only ambient = ambient, or ambient-l7
 * when a waypoint serves the namespace; anything pending or sidecar+ambient = mixed.
 */
export function namespaceState(
  counts: DataplaneCounts,
  opts: { ambientIntent: boolean; usesWaypoint: boolean },
): NamespaceState {
  const ambient = opts.usesWaypoint ? 'ambient-l7' : 'ambient';
  const meshed = counts.sidecar + counts.ambient + counts.ambientPending;
  if (meshed === 0) return counts.total === 0 && opts.ambientIntent ? ambient : 'out-of-mesh';
  if (counts.ambientPending === 0 && counts.ambient === 0) return 'sidecar';
  if (counts.ambientPending === 0 && counts.sidecar === 0) return ambient;
  return 'mixed';
}

const pct = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

/** Percent of pods per data plane (0 when there are no pods). */
export function percentages(c: DataplaneCounts): DataplanePercentages {
  return {
    sidecar: pct(c.sidecar, c.total),
    ambient: pct(c.ambient, c.total),
    ambientPending: pct(c.ambientPending, c.total),
    none: pct(c.none, c.total),
  };
}

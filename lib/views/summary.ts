import type { ControlPlaneView } from '../mesh/control-plane';
import type { NamespaceView, ServiceView, WorkloadView } from '../mesh/views';
import type { WaypointInfo } from '../mesh/waypoints';
import type { DataplaneCounts } from '../mesh/workloads';
import type { StepId } from '../migrate/types';

/** A namespace row: the mesh view plus how many findings block or warn its migration. */
export interface NamespaceRow extends NamespaceView {
  blockers: number;
  warnings: number;
  /** Counted but not yet checked (the server's first pass over a large cluster): counts are 0 until then. */
  findingsPending?: true;
}

/** What the Overview and Namespaces pages load. */
export interface SummaryView {
  revision: number;
  namespaces: NamespaceRow[];
  controlPlane: ControlPlaneView;
  waypoints: WaypointInfo[];
  pods: DataplaneCounts;
  /** Namespaces whose blockers and warnings are still being checked. */
  findingsPending: number;
  /** Kinds that could not be read, which may make the picture incomplete. */
  incomplete: { kind: string; state: string; message?: string }[];
}

/** One namespace's page. */
export interface NamespaceDetailView {
  revision: number;
  namespace: NamespaceRow;
  labels: Record<string, string>;
  workloads: WorkloadView[];
  services: ServiceView[];
  findings: {
    id: string;
    severity: 'blocker' | 'warning' | 'info';
    resource: string;
    message: string;
    fix: string;
    /** The plan step it concerns (plan findings only). */
    step?: StepId;
  }[];
}

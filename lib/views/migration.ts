import type { KubeObject } from '../k8s/objects';
import type {
  ClusterCheck,
  Finding,
  MigrationRecord,
  RecordTrust,
  StepId,
  StepPermissions,
  TrafficCheck,
  VerifyResult,
  WorkloadRollout,
} from '../migrate';

export interface RecordSummary {
  id: string;
  namespace: string;
  step: StepId;
  seq: number;
  who: string;
  when: string;
  status: MigrationRecord['status'];
  changes: {
    ref: string;
    action: string;
    change: string;
    status: string;
    summary?: string;
    error?: string;
  }[];
  error?: string;
  rollback?: MigrationRecord['rollback'];
  /** The one-click enrolment this record belongs to. */
  enrolment?: string;
  /** Live-traffic verdict after the step (absent for records made before traffic was checked). */
  traffic?: TrafficCheck;
  /** Signed by this server and unchanged (`trusted`); anything else cannot be rolled back. */
  trust?: RecordTrust;
  /** Why this user cannot roll the record back now (read-only, untrusted, out of bounds, rights). */
  rollbackBlocked?: string;
}

export interface StepView {
  id: StepId;
  title: string;
  description: string;
  skipped: boolean;
  reason?: string;
  /** What the step applies, as objects: the page shows each as YAML when opened. */
  objects: { ref: string; object: KubeObject }[];
  patches: { ref: string; description: string; patch: Record<string, unknown> }[];
  deletes: { ref: string; reason?: string }[];
  /** The latest record of this step, if it was ever applied. */
  last?: RecordSummary;
  verify: VerifyResult;
  permissions: StepPermissions;
}

export interface MigrationNamespaceView {
  namespace: string;
  gatewayClass: string;
  waypoint?: { name: string; namespace: string };
  findings: Finding[];
  steps: StepView[];
  records: RecordSummary[];
  readOnly: boolean;
  readOnlyReason?: string;
  /** Restart progress of each workload, from the pods now. */
  rollout: WorkloadRollout[];
}

/** Where the whole programme stands: data planes now, enrolments over time, waves, what is left. */
export interface ProgrammeProgress {
  pods: { sidecar: number; ambient: number; pending: number; none: number };
  namespaces: { ambient: number; sidecar: number; mixed: number; outOfMesh: number };
  /** Cumulative namespaces enrolled, per day of a restart record (`YYYY-MM-DD`). */
  timeline: { day: string; enrolled: number }[];
  waves: { done: number; total: number; saved: boolean };
  /** Namespaces still carrying sidecars. */
  left: string[];
  blockers: { namespace: string; count: number }[];
}

export interface MigrationOverviewView {
  checks: ClusterCheck[];
  records: RecordSummary[];
  progress: ProgrammeProgress;
}

/** A record without the prior state (which can be large): what history views show. */
export function summarizeRecord(r: MigrationRecord, trust?: RecordTrust): RecordSummary {
  return {
    ...(trust ? { trust } : {}),
    id: r.id,
    namespace: r.namespace,
    step: r.step,
    seq: r.seq,
    who: r.who,
    when: r.when,
    status: r.status,
    changes: r.changes.map((c) => ({
      ref: c.ref,
      action: c.action,
      change: c.change,
      status: c.status,
      summary: c.summary,
      error: c.error,
    })),
    error: r.error,
    rollback: r.rollback,
    ...(r.enrolment ? { enrolment: r.enrolment } : {}),
  };
}

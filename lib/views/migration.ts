import type {
  ClusterCheck,
  Finding,
  MigrationRecord,
  RecordTrust,
  StepId,
  StepPermissions,
  VerifyResult,
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
  objects: { ref: string; yaml: string }[];
  patches: { ref: string; description: string; yaml: string }[];
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
}

export interface MigrationOverviewView {
  checks: ClusterCheck[];
  records: RecordSummary[];
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
  };
}

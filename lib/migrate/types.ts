import type { Target } from '../convert/targets/types';
import type { KubeObject } from '../k8s/objects';

/** How much a finding stands in the way: `blocker` must be fixed first, `warning` changes behaviour, `info` is a note. */
export type FindingSeverity = 'blocker' | 'warning' | 'info';

/**
 * Something about a namespace (or the cluster) that matters for the move to ambient. `id` is stable
 * across runs (`envoyfilter:<ns>/<name>`) so the UI can track and link it.
 */
export interface Finding {
  id: string;
  severity: FindingSeverity;
  /** `Kind/namespace/name` of the object concerned (or `Namespace/<ns>`). */
  resource: string;
  /** What it is and what it means after the move. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** The plan step it concerns, when it concerns one (e.g. the step that creates the Gateway). */
  step?: StepId;
}

/** The per-namespace steps, in the order Istio's migration guide gives. */
export const STEP_IDS = [
  'deploy-waypoint',
  'migrate-policies',
  'create-routes',
  'migrate-ingress',
  'use-waypoint',
  'enable-ambient',
  'remove-injection',
  'restart-workloads',
  'verify',
  'cleanup',
] as const;

export type StepId = (typeof STEP_IDS)[number];

export function isStepId(s: string): s is StepId {
  return (STEP_IDS as readonly string[]).includes(s);
}

/** The object a patch or delete addresses. */
export interface TargetRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** A JSON merge patch (RFC 7386) on one object; `null` values remove keys. */
export interface PlannedPatch {
  target: TargetRef;
  patch: Record<string, unknown>;
  description: string;
}

export interface PlannedDelete {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Why this object may go. */
  reason?: string;
}

/**
 * One step of a namespace's migration. `objects` are applied with server-side apply (field manager
 * `mesh-migrator`), then `patches` are sent as merge patches, then `deletes` are sent.
 */
export interface Step {
  id: StepId;
  title: string;
  description: string;
  skipped: boolean;
  reason?: string;
  objects: KubeObject[];
  patches: PlannedPatch[];
  deletes: PlannedDelete[];
}

/** The migration plan of one namespace: what blocks it and the steps to take. */
export interface MigrationPlan {
  namespace: string;
  findings: Finding[];
  steps: Step[];
  /** Waypoint the plan deploys or uses (`undefined` when no L7 feature needs one). */
  waypoint?: { name: string; namespace: string };
  /**
   * How the Gateways the plan creates keep their TLS certificates, when it creates any with
   * certificates: the chosen strategy and, per Gateway, what was done.
   */
  certificates?: {
    strategy: 'reference-grant' | 'cert-manager';
    notes: { gateway: string; strategy: 'reference-grant' | 'cert-manager'; message: string }[];
  };
}

/** Placeholder restart time: replaced by the time of the apply. */
export const RESTART_AT_APPLY = '<time of apply>';

/** Options of {@link MigrationPlan} computation. */
export interface PlanOptions {
  /** `gatewayClassName` of Gateways converted from Istio ingress Gateways and Ingresses (default: the target's class). */
  gatewayClassName?: string;
  /** Gateway API implementation the converted Ingresses run on (default `istio`). */
  target?: Target;
  /** Name of the namespace waypoint (default `waypoint`). */
  waypointName?: string;
  /**
   * Value written to `kubectl.kubernetes.io/restartedAt` by the restart step (RFC 3339). Passed in
   * so planning stays pure; without it the step carries {@link RESTART_AT_APPLY} and the executor
   * writes the time of the apply.
   */
  restartedAt?: string;
  /** Add DENY policies that stop callers from bypassing the waypoint (default true). */
  bypassProtection?: boolean;
  /**
   * How converted Gateways keep their certificates: `reference-grant` (default) reads the existing
   * Secrets across namespaces; `cert-manager` annotates the Gateway with its issuer instead.
   */
  certificates?: 'reference-grant' | 'cert-manager';
  /**
   * The time certificate expiry is judged at (passed in so planning stays pure); without it the
   * plan does not warn about certificates expiring soon.
   */
  now?: Date;
}

/** One check of {@link verifyStep}. Advisory checks are shown but do not fail verification. */
export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail: string;
  advisory?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  checks: VerifyCheck[];
}

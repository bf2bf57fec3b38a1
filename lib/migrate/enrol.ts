import type { ClusterSource } from '../cluster/source';
import { type ApplyOptions, type ApplyResult, applyStep } from './execute-apply';
import { previewStep, type StepPreview } from './execute-preview';
import { type RollbackOptions, type RollbackResult, rollbackStep } from './execute-rollback';
import { stepChangeRefs } from './plan';
import { canonicalJson, confirmationToken, contentHash } from './token';
import type { TrafficBaseline } from './traffic';
import type { Finding, MigrationPlan, Step, StepId } from './types';

/**
 * Steps one-click enrolment applies, in plan order. `verify` needs the restarted pods and `cleanup`
 * needs a passing verify, so both stay separate actions after the enrolment.
 */
export const ENROL_STEP_IDS: readonly StepId[] = [
  'deploy-waypoint',
  'migrate-policies',
  'create-routes',
  'use-waypoint',
  'enable-ambient',
  'remove-injection',
  'restart-workloads',
];

/** The steps of a plan enrolment applies: the enrolment steps that are not skipped. */
export function enrolSteps(plan: MigrationPlan): Step[] {
  return plan.steps.filter((s) => !s.skipped && ENROL_STEP_IDS.includes(s.id));
}

/** Blockers of the plans: enrolment is refused while any is left. */
export function enrolBlockers(plans: readonly MigrationPlan[]): Finding[] {
  return plans.flatMap((p) => p.findings.filter((f) => f.severity === 'blocker'));
}

/**
 * The one confirmation of an enrolment: `enrol:<namespaces>:<changes>:<hash of every step's
 * confirmation>`. A plan that changed since the preview no longer matches.
 */
export function enrolmentToken(plans: readonly MigrationPlan[]): string {
  const tokens = plans.map((p) => ({
    ns: p.namespace,
    steps: enrolSteps(p).map((s) => confirmationToken(p, s.id)),
  }));
  const changes = plans.reduce(
    (n, p) => n + enrolSteps(p).reduce((m, s) => m + stepChangeRefs(s).length, 0),
    0,
  );
  return `enrol:${plans.length}:${changes}:${contentHash(canonicalJson(tokens))}`;
}

/** Every change of an enrolment in one preview, grouped by namespace and step. */
export interface EnrolPreview {
  namespaces: string[];
  steps: StepPreview[];
  blockers: Finding[];
  /** Pass this to {@link applyEnrolment}. */
  confirm: string;
  /** No dry run failed and no blocker is left. */
  ok: boolean;
}

/** Previews every applicable step of each plan (server-side dry runs and diffs); nothing is stored. */
export async function previewEnrolment(
  source: ClusterSource,
  plans: readonly MigrationPlan[],
  opts: { now?: () => Date } = {},
): Promise<EnrolPreview> {
  const steps: StepPreview[] = [];
  for (const p of plans) for (const s of enrolSteps(p)) steps.push(await previewStep(source, p, s.id, opts));
  const blockers = enrolBlockers(plans);
  return {
    namespaces: plans.map((p) => p.namespace),
    steps,
    blockers,
    confirm: enrolmentToken(plans),
    ok: blockers.length === 0 && steps.every((s) => s.ok),
  };
}

/** Where one step of an enrolment stands, as reported while it runs. */
export interface EnrolProgress {
  namespace: string;
  step: StepId;
  status: 'applying' | ApplyResult['status'];
  recordId?: string;
}

export interface EnrolResult {
  status: 'applied' | 'failed' | 'refused';
  namespaces: string[];
  steps: ApplyResult[];
  /** Records written, in apply order: {@link rollbackEnrolment} undoes them all. */
  recordIds: string[];
  /** Id shared by the records of this enrolment. */
  enrolment?: string;
  /** `<namespace>/<step>` that failed. */
  failedAt?: string;
  error?: string;
}

export interface EnrolOptions {
  confirm: string;
  now?: () => Date;
  onProgress?: (p: EnrolProgress) => void;
  /** Golden signals per namespace measured just before the enrolment (kept in each step's record). */
  traffic?: Record<string, TrafficBaseline>;
  /** Passed to every {@link applyStep} (who the records name, how they are signed, ...). */
  step?: Omit<ApplyOptions, 'confirm' | 'force' | 'traffic' | 'enrolment' | 'now'>;
}

/** Why an enrolment may not start (read-only source, stale confirmation, blockers), or undefined. */
export function enrolRefusal(
  source: ClusterSource,
  plans: readonly MigrationPlan[],
  confirm: string,
): string | undefined {
  const info = source.info();
  if (info.readOnly)
    return `the source is read-only${info.readOnlyReason ? ` (${info.readOnlyReason})` : ''}: export the plan as files instead`;
  if (plans.every((p) => enrolSteps(p).length === 0))
    return 'nothing to enrol: every step is done or skipped';
  if (confirm !== enrolmentToken(plans))
    return 'confirmation does not match the enrolment: preview it again and confirm what it shows';
  const blockers = enrolBlockers(plans);
  if (blockers.length)
    return `${blockers.length} blocker(s) must be fixed first: ${blockers.map((b) => b.resource).join(', ')}`;
  return undefined;
}

/**
 * Applies every applicable step of each plan in order, each with its own record, after checking the
 * single confirmation. Stops at the first step that is not fully applied; the records written so
 * far (including a partial one) are returned for a rollback of everything done.
 */
export async function applyEnrolment(
  source: ClusterSource,
  plans: readonly MigrationPlan[],
  opts: EnrolOptions,
): Promise<EnrolResult> {
  const namespaces = plans.map((p) => p.namespace);
  const refusal = enrolRefusal(source, plans, opts.confirm);
  if (refusal) return { status: 'refused', namespaces, steps: [], recordIds: [], error: refusal };

  const steps: ApplyResult[] = [];
  const recordIds: string[] = [];
  const enrolment = `enrol-${(opts.now?.() ?? new Date()).getTime().toString(36)}`;
  for (const plan of plans) {
    for (const s of enrolSteps(plan)) {
      opts.onProgress?.({ namespace: plan.namespace, step: s.id, status: 'applying' });
      const r = await applyStep(source, plan, s.id, {
        ...opts.step,
        confirm: confirmationToken(plan, s.id),
        enrolment,
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.traffic?.[plan.namespace] ? { traffic: opts.traffic[plan.namespace] } : {}),
      });
      steps.push(r);
      if (r.recordId) recordIds.push(r.recordId);
      opts.onProgress?.({
        namespace: plan.namespace,
        step: s.id,
        status: r.status,
        ...(r.recordId ? { recordId: r.recordId } : {}),
      });
      if (r.status !== 'applied') {
        return {
          status: 'failed',
          namespaces,
          steps,
          recordIds,
          enrolment,
          failedAt: `${plan.namespace}/${s.id}`,
          error: `${plan.namespace} ${s.id}: ${r.error ?? r.status}`,
        };
      }
    }
  }
  return { status: 'applied', namespaces, steps, recordIds, enrolment };
}

const isRestart = (id: string) => id.includes('/mesh-migrator-record-restart-workloads-');

/**
 * Rolls back the records of an enrolment, newest first, except that workload restarts are undone
 * last: their rollout then starts once the namespace labels are back, so pods return with sidecars.
 */
export function rollbackOrder(recordIds: readonly string[]): string[] {
  const reversed = [...recordIds].reverse();
  return [...reversed.filter((id) => !isRestart(id)), ...reversed.filter(isRestart)];
}

export interface EnrolRollbackResult {
  status: 'rolled-back' | 'rollback-failed' | 'refused';
  results: RollbackResult[];
  error?: string;
}

/**
 * Undoes everything an enrolment did (see {@link rollbackOrder}); goes on past a failed record and
 * reports it. With `expectJson`, a record no longer stored as the preview read it is refused.
 */
export async function rollbackEnrolment(
  source: ClusterSource,
  recordIds: readonly string[],
  opts: RollbackOptions & { expectJson?: ReadonlyMap<string, string> } = {},
): Promise<EnrolRollbackResult> {
  if (source.info().readOnly) return { status: 'refused', results: [], error: 'the source is read-only' };
  if (recordIds.length === 0) return { status: 'refused', results: [], error: 'no records to roll back' };
  const { expectJson, ...step } = opts;
  const results: RollbackResult[] = [];
  for (const id of rollbackOrder(recordIds)) {
    const expected = expectJson?.get(id);
    results.push(
      await rollbackStep(source, id, {
        ...step,
        ...(expected !== undefined ? { expectJson: expected } : {}),
      }),
    );
  }
  const bad = results.filter((r) => r.status !== 'rolled-back');
  // A record already rolled back on its own is not a failure of the whole.
  const failed = bad.filter((r) => !r.error?.includes('already rolled back'));
  return {
    status: failed.length ? 'rollback-failed' : 'rolled-back',
    results,
    ...(failed.length
      ? { error: failed.map((r) => `${r.recordId}: ${r.error ?? r.status}`).join('; ') }
      : {}),
  };
}

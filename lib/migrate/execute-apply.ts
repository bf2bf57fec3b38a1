import type { ClusterSource } from '../cluster/source';
import { isApiError } from '../k8s/errors';
import type { KubeObject } from '../k8s/objects';
import {
  describeError,
  descriptorOfTarget,
  diffSummary,
  refOf,
  resolvedStep,
  stripVolatile,
  targetOf,
  yamlDiff,
} from './execute-common';
import {
  listRecords,
  type MigrationRecord,
  nextSeq,
  type PriorState,
  type RecordChange,
  type RecordSigner,
  type RecordStatus,
  RecordTooLargeError,
  recordConfigMap,
  recordName,
  signedRecordConfigMap,
} from './records';
import { canonicalJson, confirmationToken, forceConfirmation } from './token';
import type { TrafficBaseline } from './traffic';
import type { MigrationPlan, Step, StepId, TargetRef, VerifyResult } from './types';
import { verifyStep } from './verify';

export interface ApplyOptions {
  /** The step's confirmation token from `previewStep` (`force:<token>` together with `force`). */
  confirm: string;
  /** Take over fields other managers own. Needs the second confirmation `force:<token>`. */
  force?: boolean;
  now?: () => Date;
  /** Golden signals measured just before the change, kept in the record for the traffic verdict. */
  traffic?: TrafficBaseline;
  /** Id of the one-click enrolment this step is part of. */
  enrolment?: string;
  /** Signs the record so that a rollback can tell it from one written by someone else. */
  signer?: RecordSigner;
  /** Who the record names (default: the source's SelfSubjectReview). */
  who?: string;
}

export interface ApplyResult {
  status: 'applied' | 'partially-applied' | 'failed' | 'refused';
  namespace: string;
  step: StepId;
  /** The record kept in the cluster (`<namespace>/<configmap>`): pass it to `rollbackStep`. */
  recordId?: string;
  changes: RecordChange[];
  error?: string;
  conflicts?: { manager?: string; field?: string; message: string }[];
  verification?: VerifyResult;
  /** A verify whose outcome equals the last record's: no new record was written. */
  repeated?: boolean;
}

type Planned = {
  action: RecordChange['action'];
  target: TargetRef;
  object?: KubeObject;
  patch?: Record<string, unknown>;
  summary?: string;
};

function plannedChanges(s: Step): Planned[] {
  return [
    ...s.objects.map((o) => ({ action: 'apply' as const, target: targetOf(o), object: o })),
    ...s.patches.map((p) => ({
      action: 'patch' as const,
      target: p.target,
      patch: p.patch,
      summary: p.description,
    })),
    ...s.deletes.map((d) => ({
      action: 'delete' as const,
      target: { apiVersion: d.apiVersion, kind: d.kind, namespace: d.namespace, name: d.name },
    })),
  ];
}

async function readPrior(source: ClusterSource, changes: Planned[]): Promise<PriorState[]> {
  const out: PriorState[] = [];
  for (const c of changes) {
    const live = await source.get(descriptorOfTarget(c.target), c.target.namespace, c.target.name);
    out.push(
      live
        ? { ref: refOf(c.target), target: c.target, existed: true, object: stripVolatile(live) }
        : { ref: refOf(c.target), target: c.target, existed: false },
    );
  }
  return out;
}

/** Creates the record ConfigMap, moving to the next sequence number when the name is taken. */
async function createRecord(
  source: ClusterSource,
  record: MigrationRecord,
  signer: RecordSigner | undefined,
): Promise<MigrationRecord> {
  let r = record;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await source.create(signedRecordConfigMap(recordConfigMap(r), signer));
      return r;
    } catch (e) {
      if (!(isApiError(e) && e.status === 409)) throw e;
      const seq = r.seq + 1;
      r = { ...r, seq, id: `${r.namespace}/${recordName(r.step, seq)}` };
    }
  }
  throw new Error('could not find a free record name after 5 attempts');
}

async function runChange(
  source: ClusterSource,
  c: Planned,
  prior: PriorState | undefined,
  force: boolean,
): Promise<RecordChange> {
  const ref = refOf(c.target);
  const d = descriptorOfTarget(c.target);
  const base = { action: c.action, ref, target: c.target };
  if (c.action === 'apply' && c.object) {
    const result = await source.apply(c.object, force ? { force: true } : {});
    const diff = yamlDiff(ref, prior?.object, result);
    return {
      ...base,
      change: !prior?.existed ? 'create' : diff ? 'update' : 'unchanged',
      status: 'done',
      summary: diffSummary(diff),
    };
  }
  if (c.action === 'patch' && c.patch) {
    const result = await source.mergePatch(d, c.target.namespace, c.target.name, c.patch);
    const diff = yamlDiff(ref, prior?.object, result);
    return {
      ...base,
      change: diff ? 'update' : 'unchanged',
      status: 'done',
      patch: c.patch,
      summary: `${c.summary ?? ''} (${diffSummary(diff)})`.trim(),
    };
  }
  if (!prior?.existed) return { ...base, change: 'unchanged', status: 'done', summary: 'already absent' };
  await source.delete(d, c.target.namespace, c.target.name);
  return { ...base, change: 'delete', status: 'done' };
}

/**
 * Dry-runs every change before anything is written, so that a conflict or an error found now
 * stops the step with nothing changed rather than half-way.
 */
async function dryRunAll(
  source: ClusterSource,
  planned: Planned[],
  prior: PriorState[],
  force: boolean,
): Promise<{ message: string; conflicts?: ApplyResult['conflicts'] } | undefined> {
  for (const [i, c] of planned.entries()) {
    const d = descriptorOfTarget(c.target);
    try {
      if (c.action === 'apply' && c.object)
        await source.apply(c.object, { dryRun: true, ...(force ? { force } : {}) });
      else if (c.action === 'patch' && c.patch)
        await source.mergePatch(d, c.target.namespace, c.target.name, c.patch, { dryRun: true });
      else if (c.action === 'delete' && prior[i]?.existed)
        await source.delete(d, c.target.namespace, c.target.name, { dryRun: true });
    } catch (e) {
      if (isApiError(e) && e.reason === 'ReadOnly') return undefined; // a source that cannot dry-run
      const err = describeError(e);
      return {
        message: `${refOf(c.target)}: ${err.message}`,
        ...(err.conflicts ? { conflicts: err.conflicts } : {}),
      };
    }
  }
  return undefined;
}

const refused = (
  plan: MigrationPlan,
  step: StepId,
  error: string,
  extra: Partial<ApplyResult> = {},
): ApplyResult => ({ status: 'refused', namespace: plan.namespace, step, changes: [], error, ...extra });

async function who(source: ClusterSource): Promise<string> {
  try {
    return (await source.whoAmI()).username;
  } catch {
    return 'unknown';
  }
}

/**
 * Applies one step: checks the confirmation, records the prior state of every touched object in a
 * ConfigMap of the namespace, then applies objects (server-side apply, field manager
 * `mesh-migrator`), merge patches and deletes in order, stopping at the first failure. The record
 * ends `applied`, `partially-applied` or `failed`; conflicts (409) are returned, never forced
 * unless `force` with `force:<token>`. Clean-up is refused until the namespace verifies.
 */
export async function applyStep(
  source: ClusterSource,
  plan: MigrationPlan,
  stepId: StepId,
  opts: ApplyOptions,
): Promise<ApplyResult> {
  const ns = plan.namespace;
  const info = source.info();
  if (info.readOnly)
    return refused(
      plan,
      stepId,
      `the source is read-only${info.readOnlyReason ? ` (${info.readOnlyReason})` : ''}: export the plan as files instead`,
    );
  const token = confirmationToken(plan, stepId);
  const expected = opts.force ? forceConfirmation(token) : token;
  if (opts.confirm !== expected) {
    return refused(
      plan,
      stepId,
      opts.force
        ? 'forcing needs the second confirmation "force:<confirmation from the preview>"'
        : "confirmation does not match the step's changes: preview the step again and confirm what it shows",
    );
  }
  const now = opts.now?.() ?? new Date();
  const s = resolvedStep(plan, stepId, now);
  const resources = source.snapshot().resources;
  if (s.skipped && stepId !== 'verify') {
    return refused(plan, stepId, `step ${stepId} is skipped: ${s.reason ?? 'nothing to do'}`);
  }
  let verification: VerifyResult | undefined;
  if (stepId === 'verify' || stepId === 'cleanup') {
    verification = verifyStep(resources, ns, 'verify', { plan });
    if (stepId === 'cleanup' && !verification.ok) {
      const why = 'clean-up deletes objects only after the namespace verifies; fix the failing checks first';
      return refused(plan, stepId, why, { verification });
    }
  }

  if (stepId === 'verify' && verification) {
    // Verifying again with nothing changed says nothing new: point at the last record instead of adding one.
    const last = listRecords(resources, ns).at(-1);
    if (last?.step === 'verify' && canonicalJson(last.verification) === canonicalJson(verification))
      return {
        status: verification.ok ? 'applied' : 'failed',
        namespace: ns,
        step: stepId,
        recordId: last.id,
        changes: [],
        verification,
        repeated: true,
      };
  }

  const planned = plannedChanges(s);
  const prior = await readPrior(source, planned);
  const blocked = await dryRunAll(source, planned, prior, opts.force === true);
  if (blocked) {
    const why = blocked.conflicts?.length
      ? `${blocked.message}; fields are owned by other managers: nothing was changed (take them over only through the force path)`
      : `${blocked.message}; the dry run failed, nothing was changed`;
    return refused(plan, stepId, why, {
      ...(blocked.conflicts ? { conflicts: blocked.conflicts } : {}),
      ...(verification ? { verification } : {}),
    });
  }
  const seq = nextSeq(resources, ns);
  let record: MigrationRecord = {
    id: `${ns}/${recordName(stepId, seq)}`,
    namespace: ns,
    step: stepId,
    seq,
    who: opts.who ?? (await who(source)),
    when: now.toISOString(),
    status: stepId === 'verify' ? (verification?.ok ? 'applied' : 'failed') : 'in-progress',
    confirm: opts.confirm,
    changes: planned.map((c) => ({
      action: c.action,
      ref: refOf(c.target),
      target: c.target,
      change: c.action === 'delete' ? 'delete' : 'update',
      status: 'not-attempted',
      ...(c.patch ? { patch: c.patch } : {}),
    })),
    prior,
    ...(verification ? { verification } : {}),
    ...(opts.traffic ? { traffic: opts.traffic } : {}),
    ...(opts.enrolment ? { enrolment: opts.enrolment } : {}),
  };
  try {
    record = await createRecord(source, record, opts.signer);
  } catch (e) {
    const why =
      e instanceof RecordTooLargeError
        ? e.message
        : `could not write the record ConfigMap: ${describeError(e).message}`;
    return refused(plan, stepId, `${why}; nothing was changed`, verification ? { verification } : {});
  }
  if (stepId === 'verify') {
    return {
      status: verification?.ok ? 'applied' : 'failed',
      namespace: ns,
      step: stepId,
      recordId: record.id,
      changes: [],
      ...(verification ? { verification } : {}),
    };
  }

  const changes: RecordChange[] = [...record.changes];
  let failure: { message: string; conflicts?: ApplyResult['conflicts'] } | undefined;
  for (const [i, c] of planned.entries()) {
    try {
      changes[i] = await runChange(source, c, prior[i], opts.force === true);
    } catch (e) {
      const err = describeError(e);
      failure = {
        message: `${refOf(c.target)}: ${err.message}`,
        ...(err.conflicts ? { conflicts: err.conflicts } : {}),
      };
      changes[i] = { ...(changes[i] as RecordChange), status: 'failed', error: err.message };
      break;
    }
  }
  const done = changes.filter((c) => c.status === 'done').length;
  const status: RecordStatus = !failure ? 'applied' : done > 0 ? 'partially-applied' : 'failed';
  record = { ...record, status, changes, ...(failure ? { error: failure.message } : {}) };
  const result: ApplyResult = {
    status,
    namespace: ns,
    step: stepId,
    recordId: record.id,
    changes,
    ...(failure ? { error: failure.message } : {}),
    ...(failure?.conflicts ? { conflicts: failure.conflicts } : {}),
  };
  try {
    // The record was created by a plain create, which the API server books under another manager
    // operation than server-side apply; the tool owns this ConfigMap, so it takes its fields back.
    await source.apply(signedRecordConfigMap(recordConfigMap(record), opts.signer), { force: true });
  } catch (e) {
    result.error = `${result.error ? `${result.error}; ` : ''}the record ${record.id} could not be updated (it still says in-progress): ${describeError(e).message}`;
  }
  return result;
}

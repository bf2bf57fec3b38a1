import type { ClusterSource } from '../cluster/source';
import { isApiError } from '../k8s/errors';
import { kindByKey } from '../k8s/kinds';
import { describeError, descriptorOfTarget, stripVolatile } from './execute-common';
import { inverseMergePatch, restorePatch } from './patches';
import {
  type MigrationRecord,
  type PriorState,
  parseRecord,
  type RecordChange,
  recordConfigMap,
} from './records';

export interface RollbackResult {
  status: 'rolled-back' | 'rollback-failed' | 'refused';
  recordId: string;
  /** `Kind/namespace/name` of each object put back, with what was done. */
  restored: { ref: string; action: 'deleted' | 'restored' | 'recreated' | 'unchanged' }[];
  failed: { ref: string; error: string }[];
  error?: string;
}

async function readRecord(source: ClusterSource, recordId: string): Promise<MigrationRecord | undefined> {
  const [ns, name] = recordId.split('/');
  if (!ns || !name) return undefined;
  const cm = await source.get(kindByKey('configmaps'), ns, name);
  return cm ? parseRecord(cm) : undefined;
}

async function undo(
  source: ClusterSource,
  c: RecordChange,
  prior: PriorState | undefined,
): Promise<RollbackResult['restored'][number]['action']> {
  const d = descriptorOfTarget(c.target);
  const { namespace, name } = c.target;
  if (c.action === 'apply' && !prior?.existed) {
    try {
      await source.delete(d, namespace, name);
    } catch (e) {
      if (!(isApiError(e) && e.status === 404)) throw e;
    }
    return 'deleted';
  }
  if (c.action === 'delete') {
    if (!prior?.object) return 'unchanged';
    const live = await source.get(d, namespace, name);
    if (live) return 'unchanged';
    await source.create(stripVolatile(prior.object));
    return 'recreated';
  }
  const live = await source.get(d, namespace, name);
  if (!live) throw new Error(`${c.ref} no longer exists; cannot restore it`);
  const patch =
    c.action === 'patch' && c.patch
      ? inverseMergePatch(c.patch, prior?.object)
      : prior?.object
        ? restorePatch(live, prior.object)
        : {};
  if (Object.keys(patch).length === 0) return 'unchanged';
  await source.mergePatch(d, namespace, name, patch);
  return 'restored';
}

/**
 * Restores the state a record captured before its step, undoing its changes in reverse order:
 * objects that did not exist are deleted, updated objects get their prior labels, annotations
 * and spec back, merge patches are inverted (prior values or null), deleted objects are created
 * again without server fields. The record ends `rolled-back` (or `rollback-failed` with errors).
 */
export async function rollbackStep(
  source: ClusterSource,
  recordId: string,
  opts: { now?: () => Date } = {},
): Promise<RollbackResult> {
  const base = { recordId, restored: [], failed: [] };
  if (source.info().readOnly) return { ...base, status: 'refused', error: 'the source is read-only' };
  let record: MigrationRecord | undefined;
  try {
    record = await readRecord(source, recordId);
  } catch (e) {
    return {
      ...base,
      status: 'refused',
      error: `could not read record ${recordId}: ${describeError(e).message}`,
    };
  }
  if (!record) return { ...base, status: 'refused', error: `no migration record ${recordId}` };
  if (record.status === 'rolled-back')
    return { ...base, status: 'refused', error: `record ${recordId} was already rolled back` };

  const restored: RollbackResult['restored'] = [];
  const failed: RollbackResult['failed'] = [];
  const undone = record.changes
    .map((c, i) => ({ c, prior: record.prior[i] }))
    // An in-progress record means the apply was cut off before it could say what it did: any change may
    // have landed, so every recorded prior state is restored.
    .filter(({ c }) => c.status === 'done' || record.status === 'in-progress');
  for (const { c, prior } of undone.reverse()) {
    try {
      restored.push({ ref: c.ref, action: await undo(source, c, prior) });
    } catch (e) {
      failed.push({ ref: c.ref, error: describeError(e).message });
    }
  }
  let username = 'unknown';
  try {
    username = (await source.whoAmI()).username;
  } catch {
    // The rollback itself succeeded; the record just names no one.
  }
  const status = failed.length ? 'rollback-failed' : 'rolled-back';
  const when = (opts.now?.() ?? new Date()).toISOString();
  const updated: MigrationRecord = {
    ...record,
    status,
    rollback: { who: username, when, errors: failed.map((f) => `${f.ref}: ${f.error}`) },
  };
  const result: RollbackResult = { status, recordId, restored, failed };
  try {
    // The record was created by a plain create, which the API server books under another manager
    // operation than server-side apply; the tool owns this ConfigMap, so it takes its fields back.
    await source.apply(recordConfigMap(updated), { force: true });
  } catch (e) {
    result.error = `the record could not be updated: ${describeError(e).message}`;
  }
  return result;
}

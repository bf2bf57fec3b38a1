import type { ClusterSource } from '../cluster/source';
import { isApiError } from '../k8s/errors';
import { kindByKey } from '../k8s/kinds';
import { rollbackBoundsProblems } from './bounds';
import { describeError, descriptorOfTarget, stripVolatile } from './execute-common';
import { inverseMergePatch, restorePatch } from './patches';
import {
  type MigrationRecord,
  type PriorState,
  parseRecord,
  type RecordChange,
  type RecordSigner,
  type RecordTrust,
  recordConfigMap,
  recordTrust,
  signedRecordConfigMap,
} from './records';

export interface RollbackResult {
  status: 'rolled-back' | 'rollback-failed' | 'refused';
  recordId: string;
  /** `Kind/namespace/name` of each object put back, with what was done. */
  restored: { ref: string; action: 'deleted' | 'restored' | 'recreated' | 'unchanged' }[];
  failed: { ref: string; error: string }[];
  error?: string;
}

export interface RollbackOptions {
  now?: () => Date;
  /** Checks the record's signature: an unsigned or altered record is refused. Without it only the bounds are checked. */
  signer?: RecordSigner;
  /** Who the record names as having rolled back (default: the source's SelfSubjectReview). */
  who?: string;
}

export interface ReadRecord {
  record?: MigrationRecord;
  trust: RecordTrust;
  /** The stored JSON, what a rollback confirmation is bound to. */
  json: string;
}

/** Reads a record as stored, with its trust; an absent one has no `record`. */
export async function readRecord(
  source: ClusterSource,
  recordId: string,
  signer?: RecordSigner,
): Promise<ReadRecord> {
  const [ns, name] = recordId.split('/');
  if (!ns || !name) return { trust: 'unsigned', json: '' };
  const cm = await source.get(kindByKey('configmaps'), ns, name);
  if (!cm) return { trust: 'unsigned', json: '' };
  const record = parseRecord(cm);
  return {
    ...(record ? { record } : {}),
    trust: recordTrust(cm, signer),
    json: cm.data?.['record.json'] ?? '',
  };
}

/** Why a rollback is refused: no record, an untrusted one, one out of bounds, or one already rolled back. */
export type RollbackRefusal = { kind: 'missing' | 'untrusted' | 'bounds' | 'done'; message: string };

export function rollbackRefusal(
  r: ReadRecord,
  recordId: string,
  checkSignature: boolean,
): RollbackRefusal | undefined {
  if (!r.record) return { kind: 'missing', message: `no migration record ${recordId}` };
  if (checkSignature && r.trust !== 'trusted')
    return {
      kind: 'untrusted',
      message: `record ${recordId} is ${r.trust === 'unsigned' ? 'not signed by this server' : 'altered since this server signed it'}: it is not trusted and cannot be rolled back`,
    };
  const ns = recordId.split('/')[0] ?? '';
  const problems = rollbackBoundsProblems(r.record, ns);
  if (problems.length)
    return {
      kind: 'bounds',
      message: `record ${recordId} reaches outside what its step writes in ${ns}, so nothing was changed: ${problems.join('; ')}`,
    };
  if (r.record.status === 'rolled-back')
    return { kind: 'done', message: `record ${recordId} was already rolled back` };
  return undefined;
}

/** What a rollback would do, for the preview and its confirmation. */
export interface RollbackPreview {
  recordId: string;
  step?: string;
  trust: RecordTrust;
  /** Set when the rollback would be refused. */
  refused?: RollbackRefusal;
  actions: { ref: string; action: 'delete' | 'restore' | 'recreate' }[];
  /** The exact stored record this preview read; the confirmation is bound to it. */
  json: string;
}

/** Reads the record and says what its rollback would undo, or why it would be refused. Changes nothing. */
export async function previewRollback(
  source: ClusterSource,
  recordId: string,
  opts: Pick<RollbackOptions, 'signer'> = {},
): Promise<RollbackPreview> {
  const r = await readRecord(source, recordId, opts.signer);
  const why = rollbackRefusal(r, recordId, opts.signer !== undefined);
  const record = r.record;
  const actions = record
    ? undone(record).map(({ c, prior }) => ({
        ref: c.ref,
        action:
          c.action === 'apply' && !prior?.existed
            ? ('delete' as const)
            : c.action === 'delete'
              ? ('recreate' as const)
              : ('restore' as const),
      }))
    : [];
  return {
    recordId,
    ...(record ? { step: record.step } : {}),
    trust: r.trust,
    ...(why ? { refused: why } : {}),
    actions,
    json: r.json,
  };
}

/** The changes a rollback undoes, newest first, each with the prior state it restores. */
export function undone(record: MigrationRecord) {
  return (
    record.changes
      .map((c, i) => ({ c, prior: record.prior[i] }))
      // An in-progress record means the apply was cut off before it could say what it did: any change may
      // have landed, so every recorded prior state is restored.
      .filter(({ c }) => c.status === 'done' || record.status === 'in-progress')
      .reverse()
  );
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
  opts: RollbackOptions & { expectJson?: string } = {},
): Promise<RollbackResult> {
  const base = { recordId, restored: [], failed: [] };
  if (source.info().readOnly) return { ...base, status: 'refused', error: 'the source is read-only' };
  let read: ReadRecord;
  try {
    read = await readRecord(source, recordId, opts.signer);
  } catch (e) {
    return {
      ...base,
      status: 'refused',
      error: `could not read record ${recordId}: ${describeError(e).message}`,
    };
  }
  const why = rollbackRefusal(read, recordId, opts.signer !== undefined);
  if (why || !read.record)
    return { ...base, status: 'refused', error: why?.message ?? `no migration record ${recordId}` };
  if (opts.expectJson !== undefined && opts.expectJson !== read.json)
    return {
      ...base,
      status: 'refused',
      error: `record ${recordId} changed since the preview: preview the rollback again`,
    };
  const record = read.record;

  const restored: RollbackResult['restored'] = [];
  const failed: RollbackResult['failed'] = [];
  for (const { c, prior } of undone(record)) {
    try {
      restored.push({ ref: c.ref, action: await undo(source, c, prior) });
    } catch (e) {
      failed.push({ ref: c.ref, error: describeError(e).message });
    }
  }
  let username = opts.who ?? 'unknown';
  if (!opts.who) {
    try {
      username = (await source.whoAmI()).username;
    } catch {
      // The rollback itself succeeded; the record just names no one.
    }
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
    await source.apply(signedRecordConfigMap(recordConfigMap(updated), opts.signer), { force: true });
  } catch (e) {
    result.error = `the record could not be updated: ${describeError(e).message}`;
  }
  return result;
}

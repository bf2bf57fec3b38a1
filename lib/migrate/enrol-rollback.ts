import type { AccessCheck, ClusterSource } from '../cluster/source';
import type { KubeObject } from '../k8s/objects';
import { rollbackOrder } from './enrol';
import { describeError, descriptorOfTarget, stripVolatile, yamlDiff } from './execute-common';
import { type RollbackRefusal, readRecord, rollbackRefusal, undone } from './execute-rollback';
import { applyMergePatch, inverseMergePatch, restorePatch } from './patches';
import { rollbackAccess } from './permissions';
import type { PriorState, RecordChange, RecordSigner, RecordTrust } from './records';
import { canonicalJson } from './token';

/** What rolling back one object would do, against the live object (and the records undone before it). */
export interface ObjectRollback {
  ref: string;
  action: 'delete' | 'restore' | 'recreate' | 'unchanged';
  /** Unified diff of the object: now → after the rollback; empty when nothing changes. */
  diff: string;
  /** Why the object cannot be put back: the rollback would report it as failed. */
  problem?: string;
}

/** One record of an enrolment rollback. */
export interface RecordRollbackPreview {
  recordId: string;
  step?: string;
  trust: RecordTrust;
  /** Why this record may not be rolled back: the whole rollback is refused. */
  refused?: RollbackRefusal;
  /** Set when the record was already rolled back on its own: it is skipped. */
  skipped?: string;
  /** In the order the rollback undoes them. */
  objects: ObjectRollback[];
}

/** What an enrolment rollback would do, read as the user; changes nothing. */
export interface EnrolRollbackPreview {
  /** In the order the rollback takes them: newest first, workload restarts last. */
  records: RecordRollbackPreview[];
  /** The first refusal, which stops the whole rollback. */
  refused?: RollbackRefusal & { recordId: string };
  /** The permissions the rollback needs, for every record it would undo. */
  access: AccessCheck[];
  /**
   * What a confirmation is bound to: the record ids as asked, each record as stored and each object
   * it touches as it is live. A change to any of them makes the digest differ.
   */
  bound: {
    recordIds: string[];
    records: { id: string; json: string }[];
    live: { ref: string; object: KubeObject | null; error?: string }[];
  };
}

type State = { object: KubeObject | undefined; error?: string };

/** What undoing one change does to the object as it stands, like `undo` in execute-rollback does it. */
function simulate(
  c: RecordChange,
  prior: PriorState | undefined,
  now: KubeObject | undefined,
): { action: ObjectRollback['action']; after: KubeObject | undefined; problem?: string } {
  if (c.action === 'apply' && !prior?.existed) return { action: 'delete', after: undefined };
  if (c.action === 'delete') {
    if (!prior?.object || now) return { action: 'unchanged', after: now };
    return { action: 'recreate', after: stripVolatile(prior.object) };
  }
  if (!now) return { action: 'restore', after: now, problem: `${c.ref} no longer exists; cannot restore it` };
  const patch =
    c.action === 'patch' && c.patch
      ? inverseMergePatch(c.patch, prior?.object)
      : prior?.object
        ? restorePatch(now, prior.object)
        : {};
  if (Object.keys(patch).length === 0) return { action: 'unchanged', after: now };
  return { action: 'restore', after: applyMergePatch(now, patch) as KubeObject };
}

/**
 * Says what rolling back these records would do, in the order it would do it: each record read and
 * checked as the rollback checks it (present, signed when a signer is given, within its namespace
 * and step), each object it touches read live and its change shown as a diff. Changes nothing.
 */
export async function previewEnrolmentRollback(
  source: ClusterSource,
  recordIds: readonly string[],
  opts: { signer?: RecordSigner } = {},
): Promise<EnrolRollbackPreview> {
  const records: RecordRollbackPreview[] = [];
  const bound: EnrolRollbackPreview['bound'] = { recordIds: [...recordIds], records: [], live: [] };
  const access = new Map<string, AccessCheck>();
  const state = new Map<string, State>();
  let refused: EnrolRollbackPreview['refused'];

  const current = async (c: RecordChange): Promise<State> => {
    const known = state.get(c.ref);
    if (known) return known;
    let s: State;
    try {
      const live = await source.get(descriptorOfTarget(c.target), c.target.namespace, c.target.name);
      s = { object: live ? stripVolatile(live) : undefined };
    } catch (e) {
      s = { object: undefined, error: `could not read ${c.ref}: ${describeError(e).message}` };
    }
    state.set(c.ref, s);
    bound.live.push({ ref: c.ref, object: s.object ?? null, ...(s.error ? { error: s.error } : {}) });
    return s;
  };

  for (const id of rollbackOrder(recordIds)) {
    const read = await readRecord(source, id, opts.signer);
    bound.records.push({ id, json: read.json });
    const why = rollbackRefusal(read, id, opts.signer !== undefined);
    const base = { recordId: id, ...(read.record ? { step: read.record.step } : {}), trust: read.trust };
    if (why?.kind === 'done') {
      records.push({ ...base, skipped: why.message, objects: [] });
      continue;
    }
    if (why || !read.record) {
      const r = why ?? { kind: 'missing' as const, message: `no migration record ${id}` };
      records.push({ ...base, refused: r, objects: [] });
      refused ??= { ...r, recordId: id };
      continue;
    }
    for (const a of rollbackAccess(read.record)) access.set(canonicalJson(a), a);
    const objects: ObjectRollback[] = [];
    for (const { c, prior } of undone(read.record)) {
      const s = await current(c);
      if (s.error) {
        objects.push({ ref: c.ref, action: 'unchanged', diff: '', problem: s.error });
        continue;
      }
      const next = simulate(c, prior, s.object);
      objects.push({
        ref: c.ref,
        action: next.action,
        diff: yamlDiff(c.ref, s.object, next.after),
        ...(next.problem ? { problem: next.problem } : {}),
      });
      state.set(c.ref, { object: next.after });
    }
    records.push({ ...base, objects });
  }
  if (!refused && records.length > 0 && records.every((r) => r.skipped))
    refused = {
      kind: 'done',
      message: 'every record was already rolled back: nothing to do',
      recordId: records[0]?.recordId ?? '',
    };
  return { records, ...(refused ? { refused } : {}), access: [...access.values()], bound };
}

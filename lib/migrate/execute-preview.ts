import type { ClusterSource } from '../cluster/source';
import { isApiError } from '../k8s/errors';
import type { KubeObject } from '../k8s/objects';
import { describeError, descriptorOfTarget, refOf, resolvedStep, targetOf, yamlDiff } from './execute-common';
import { applyMergePatch } from './patches';
import { confirmationToken } from './token';
import type { MigrationPlan, StepId, TargetRef } from './types';

export type ChangeKind = 'create' | 'update' | 'unchanged' | 'delete';

/** What one object, patch or delete of a step would do, from a server-side dry run. */
export interface ChangePreview {
  action: 'apply' | 'patch' | 'delete';
  ref: string;
  target: TargetRef;
  description?: string;
  change: ChangeKind;
  /** The object as it is now (volatile fields kept; the diff removes them). */
  live?: KubeObject;
  /** The object as the dry run says it would be stored (absent for deletes). */
  result?: KubeObject;
  /** Unified YAML diff live → result; empty when unchanged. */
  diff: string;
  error?: string;
  /** Fields other managers own that this change would take (409 on server-side apply). */
  conflicts?: { manager?: string; field?: string; message: string }[];
  /** The source cannot dry-run (read-only files): the result was computed locally. */
  simulated?: boolean;
}

export interface StepPreview {
  namespace: string;
  step: StepId;
  skipped: boolean;
  reason?: string;
  changes: ChangePreview[];
  /** Pass this to `applyStep` to apply exactly these changes. */
  confirm: string;
  /** No dry run failed. */
  ok: boolean;
}

const cannotDryRun = (e: unknown) => isApiError(e) && e.status === 403 && e.reason === 'ReadOnly';

function changeKind(live: KubeObject | undefined, diff: string): ChangeKind {
  if (!live) return 'create';
  return diff ? 'update' : 'unchanged';
}

async function previewApply(source: ClusterSource, obj: KubeObject): Promise<ChangePreview> {
  const target = targetOf(obj);
  const ref = refOf(target);
  const live = await source.get(descriptorOfTarget(target), target.namespace, target.name);
  try {
    const result = await source.apply(obj, { dryRun: true });
    const diff = yamlDiff(ref, live, result);
    return { action: 'apply', ref, target, change: changeKind(live, diff), live, result, diff };
  } catch (e) {
    if (cannotDryRun(e)) {
      const result = (live ? applyMergePatch(live, obj) : obj) as KubeObject;
      const diff = yamlDiff(ref, live, result);
      return {
        action: 'apply',
        ref,
        target,
        change: changeKind(live, diff),
        live,
        result,
        diff,
        simulated: true,
      };
    }
    const err = describeError(e);
    return {
      action: 'apply',
      ref,
      target,
      change: live ? 'update' : 'create',
      live,
      diff: yamlDiff(ref, live, obj),
      error: err.message,
      ...(err.conflicts ? { conflicts: err.conflicts } : {}),
    };
  }
}

async function previewPatch(
  source: ClusterSource,
  target: TargetRef,
  patch: Record<string, unknown>,
  description: string,
): Promise<ChangePreview> {
  const ref = refOf(target);
  const d = descriptorOfTarget(target);
  const live = await source.get(d, target.namespace, target.name);
  const base = { action: 'patch' as const, ref, target, description };
  if (!live) return { ...base, change: 'update', diff: '', error: `${ref} not found` };
  try {
    const result = await source.mergePatch(d, target.namespace, target.name, patch, { dryRun: true });
    const diff = yamlDiff(ref, live, result);
    return { ...base, change: changeKind(live, diff), live, result, diff };
  } catch (e) {
    if (cannotDryRun(e)) {
      const result = applyMergePatch(live, patch) as KubeObject;
      const diff = yamlDiff(ref, live, result);
      return { ...base, change: changeKind(live, diff), live, result, diff, simulated: true };
    }
    return { ...base, change: 'update', live, diff: '', error: describeError(e).message };
  }
}

async function previewDelete(
  source: ClusterSource,
  target: TargetRef,
  reason: string | undefined,
): Promise<ChangePreview> {
  const ref = refOf(target);
  const d = descriptorOfTarget(target);
  const live = await source.get(d, target.namespace, target.name);
  const base = { action: 'delete' as const, ref, target, ...(reason ? { description: reason } : {}) };
  if (!live) return { ...base, change: 'unchanged', diff: '' };
  const diff = yamlDiff(ref, live, undefined);
  try {
    await source.delete(d, target.namespace, target.name, { dryRun: true });
    return { ...base, change: 'delete', live, diff };
  } catch (e) {
    if (cannotDryRun(e)) return { ...base, change: 'delete', live, diff, simulated: true };
    return { ...base, change: 'delete', live, diff, error: describeError(e).message };
  }
}

/**
 * Previews one step against the cluster: for each object, patch and delete, the live object, the
 * server-side dry-run result, a YAML diff, the kind of change and any error or field conflict.
 * Nothing is stored. The returned `confirm` token is what `applyStep` asks for.
 */
export async function previewStep(
  source: ClusterSource,
  plan: MigrationPlan,
  stepId: StepId,
  opts: { now?: () => Date } = {},
): Promise<StepPreview> {
  const s = resolvedStep(plan, stepId, opts.now?.() ?? new Date());
  const changes: ChangePreview[] = [];
  for (const o of s.objects) changes.push(await previewApply(source, o));
  for (const p of s.patches) changes.push(await previewPatch(source, p.target, p.patch, p.description));
  for (const d of s.deletes) {
    changes.push(
      await previewDelete(
        source,
        { apiVersion: d.apiVersion, kind: d.kind, namespace: d.namespace, name: d.name },
        d.reason,
      ),
    );
  }
  const out: StepPreview = {
    namespace: plan.namespace,
    step: stepId,
    skipped: s.skipped,
    changes,
    confirm: confirmationToken(plan, stepId),
    ok: changes.every((c) => !c.error),
  };
  if (s.reason) out.reason = s.reason;
  return out;
}

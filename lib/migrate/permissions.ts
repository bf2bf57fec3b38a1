import type { AccessCheck, ClusterSource } from '../cluster/source';
import { describeError, descriptorOfTarget } from './execute-common';
import { stepOf } from './plan';
import type { MigrationRecord } from './records';
import type { MigrationPlan, StepId, TargetRef } from './types';

export interface MissingPermission {
  verb: AccessCheck['verb'];
  /** `plural` or `plural.group`. */
  resource: string;
  namespace?: string;
  reason: string;
}

export interface StepPermissions {
  allowed: boolean;
  missing: MissingPermission[];
}

/** The access checks a step needs: get + create + patch per applied object (server-side apply may create), get + patch per patch, get + delete per delete, and the record ConfigMap. */
export function requiredAccess(plan: MigrationPlan, stepId: StepId): AccessCheck[] {
  const s = stepOf(plan, stepId);
  const { checks, add } = accessSet();
  for (const o of s.objects)
    add({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace }, [
      'get',
      'create',
      'patch',
    ]);
  for (const p of s.patches) add(p.target, ['get', 'patch']);
  for (const d of s.deletes) add(d, ['get', 'delete']);
  add({ apiVersion: 'v1', kind: 'ConfigMap', namespace: plan.namespace }, ['get', 'create', 'patch']);
  return [...checks.values()];
}

/** The access checks a rollback of `record` needs: what undoing each change does, and updating the record. */
export function rollbackAccess(record: MigrationRecord): AccessCheck[] {
  const { checks, add } = accessSet();
  for (const [i, c] of record.changes.entries()) {
    const existed = record.prior[i]?.existed === true;
    const t: TargetRef = c.target;
    if (c.action === 'apply' && !existed) add(t, ['delete']);
    else if (c.action === 'delete') add(t, ['get', 'create']);
    else add(t, ['get', 'patch']);
  }
  add({ apiVersion: 'v1', kind: 'ConfigMap', namespace: record.namespace }, ['get', 'patch']);
  return [...checks.values()];
}

function accessSet() {
  const checks = new Map<string, AccessCheck>();
  const add = (
    target: { apiVersion: string; kind: string; namespace?: string },
    verbs: AccessCheck['verb'][],
  ) => {
    const d = descriptorOfTarget(target);
    const namespace = d.namespaced ? target.namespace : undefined;
    for (const verb of verbs) {
      const c: AccessCheck = {
        verb,
        group: d.group,
        resource: d.plural,
        ...(namespace ? { namespace } : {}),
      };
      checks.set(`${verb}|${d.group}|${d.plural}|${namespace ?? ''}`, c);
    }
  };
  return { checks, add };
}

/**
 * Asks the API server (SelfSubjectAccessReview through `source.canI`) for every verb and resource
 * the step needs, including the record ConfigMap. The API server stays the authority at apply time.
 */
export function stepPermissions(
  source: ClusterSource,
  plan: MigrationPlan,
  stepId: StepId,
): Promise<StepPermissions> {
  return checkAccess(source, requiredAccess(plan, stepId));
}

/** Asks the API server about each check (SelfSubjectAccessReview as the source's user). */
export async function checkAccess(
  source: ClusterSource,
  checks: readonly AccessCheck[],
): Promise<StepPermissions> {
  const results = await Promise.all(
    checks.map(async (c): Promise<MissingPermission | undefined> => {
      const resource = c.group ? `${c.resource}.${c.group}` : c.resource;
      const where = c.namespace ? { namespace: c.namespace } : {};
      try {
        const r = await source.canI(c);
        return r.allowed
          ? undefined
          : { verb: c.verb, resource, ...where, reason: r.reason ?? 'not allowed' };
      } catch (e) {
        return {
          verb: c.verb,
          resource,
          ...where,
          reason: `access check failed: ${describeError(e).message}`,
        };
      }
    }),
  );
  const missing = results.filter((m): m is MissingPermission => m !== undefined);
  return { allowed: missing.length === 0, missing };
}

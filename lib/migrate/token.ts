import { stepChangeRefs, stepOf } from './plan';
import type { MigrationPlan, StepId } from './types';

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** JSON with object keys sorted, so equal content hashes equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A short stable hash of a string (two FNV-1a rounds, base36). Not a security measure. */
export function contentHash(s: string): string {
  return `${fnv1a(s, 0x811c9dc5).toString(36)}${fnv1a(s, 0x01000193).toString(36)}`.slice(0, 10);
}

/**
 * The confirmation a caller must pass to apply a step: `<step>:<number of changes>:<hash of the
 * exact changes>`. The preview returns it, so applying means having fetched (and shown) what
 * changes; a plan that changed since then no longer matches.
 */
export function confirmationToken(plan: MigrationPlan, stepId: StepId): string {
  const s = stepOf(plan, stepId);
  const content = canonicalJson({
    ns: plan.namespace,
    refs: stepChangeRefs(s),
    objects: s.objects,
    patches: s.patches,
    deletes: s.deletes,
  });
  return `${stepId}:${stepChangeRefs(s).length}:${contentHash(content)}`;
}

/** The confirmation that also allows taking over fields owned by other managers (a second, explicit one). */
export function forceConfirmation(token: string): string {
  return `force:${token}`;
}

import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { isApiError } from '../k8s/errors';
import { descriptorFor, type KindDescriptor, parseApiVersion } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { withoutServerFields } from '../k8s/strip';
import { stepOf } from './plan';
import { type MigrationPlan, RESTART_AT_APPLY, type Step, type StepId, type TargetRef } from './types';

/** The descriptor a write to `target` goes through, at the target's own version. */
export function descriptorOfTarget(target: { apiVersion: string; kind: string }): KindDescriptor {
  const d = descriptorFor(target.apiVersion, target.kind);
  if (!d) throw new Error(`${target.apiVersion} ${target.kind} is not a kind mesh-migrator writes`);
  return { ...d, version: parseApiVersion(target.apiVersion).version };
}

export function targetOf(o: KubeObject): TargetRef {
  const t: TargetRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name };
  if (o.metadata.namespace) t.namespace = o.metadata.namespace;
  return t;
}

export function refOf(t: { kind: string; namespace?: string; name: string }): string {
  return `${t.kind}/${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
}

/** An object without what the API server sets; see {@link withoutServerFields}. */
export const stripVolatile = withoutServerFields;

export function toYaml(o: KubeObject | undefined): string {
  return o ? stringify(stripVolatile(o), { sortMapEntries: false, lineWidth: 0 }) : '';
}

/** Unified diff of two objects' YAML, volatile fields removed; empty when equal. */
export function yamlDiff(ref: string, before: KubeObject | undefined, after: KubeObject | undefined): string {
  const a = toYaml(before);
  const b = toYaml(after);
  if (a === b) return '';
  return createTwoFilesPatch(`${ref} (live)`, `${ref} (after)`, a, b, undefined, undefined, { context: 3 });
}

/** `+N -M` line counts of a unified diff. */
export function diffSummary(diff: string): string {
  let add = 0;
  let del = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) add += 1;
    else if (line.startsWith('-') && !line.startsWith('---')) del += 1;
  }
  return `+${add} -${del}`;
}

/** A write error as text, plus the field conflicts of a 409. */
export function describeError(e: unknown): {
  message: string;
  status?: number;
  conflicts?: { manager?: string; field?: string; message: string }[];
} {
  if (isApiError(e)) {
    const out: {
      message: string;
      status?: number;
      conflicts?: { manager?: string; field?: string; message: string }[];
    } = { message: e.message, status: e.status };
    if (e.conflicts?.length) out.conflicts = e.conflicts;
    return out;
  }
  return { message: e instanceof Error ? e.message : String(e) };
}

function replaceDeep(v: unknown, from: string, to: string): unknown {
  if (v === from) return to;
  if (Array.isArray(v)) return v.map((x) => replaceDeep(x, from, to));
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceDeep(x, from, to)]));
  return v;
}

/** The step as it will be sent: the restart placeholder replaced by `now` (RFC 3339, seconds). */
export function resolvedStep(plan: MigrationPlan, stepId: StepId, now: Date): Step {
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  return replaceDeep(stepOf(plan, stepId), RESTART_AT_APPLY, time) as Step;
}

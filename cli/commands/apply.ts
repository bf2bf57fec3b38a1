import { parseArgs } from 'node:util';
import type { ClusterSource } from '../../lib/cluster/source';
import { type ApplyResult, applyStep } from '../../lib/migrate/execute-apply';
import { previewStep, type StepPreview } from '../../lib/migrate/execute-preview';
import { type RollbackResult, rollbackStep } from '../../lib/migrate/execute-rollback';
import { stepPermissions } from '../../lib/migrate/permissions';
import { planNamespace } from '../../lib/migrate/plan';
import { forceConfirmation } from '../../lib/migrate/token';
import { isStepId, STEP_IDS } from '../../lib/migrate/types';
import { SOURCE_OPTIONS, sourceFromFlags } from '../connect';
import { type CliIO, UsageError } from '../io';
import { PLAN_OPTIONS, planFlags } from './plan';
import { printRollbackPreview } from './rollback-preview';

export const APPLY_USAGE = `Usage: mesh-migrator apply --namespace NS --step ID [--dry-run] [--yes [--force]] [--context C | --demo]
                          [--gateway-class NAME] [--waypoint NAME] [-o text|json]
       mesh-migrator apply --rollback RECORD_ID [--yes] [--context C | --demo]

Previews one step of a namespace's plan (server-side dry run and diff) and applies it with --yes.
Steps: ${STEP_IDS.join(', ')}.
Without --yes nothing is changed. --force takes over fields other managers own (with --yes).
Each apply is recorded in a ConfigMap of the namespace; --rollback <namespace>/<name> undoes it.`;

/** The preview as text: each change, its diff, and the confirmation it leads to. */
export function formatPreview(p: StepPreview): string {
  const lines = [
    `Step ${p.step} in namespace ${p.namespace}${p.skipped ? ` (skipped: ${p.reason ?? ''})` : ''}`,
  ];
  if (p.changes.length === 0) lines.push('  no changes');
  for (const c of p.changes) {
    lines.push(
      `  ${c.change.padEnd(9)} ${c.ref}${c.description ? `  (${c.description})` : ''}${c.simulated ? '  [computed locally: the source cannot dry-run]' : ''}`,
    );
    if (c.error) lines.push(`    error: ${c.error}`);
    for (const k of c.conflicts ?? []) lines.push(`    conflict: ${k.message}`);
  }
  for (const c of p.changes) if (c.diff) lines.push('', c.diff.trimEnd());
  lines.push('', `Confirmation: ${p.confirm}`);
  return `${lines.join('\n')}\n`;
}

function formatResult(r: ApplyResult): string {
  const lines = [`${r.status}: step ${r.step} in namespace ${r.namespace}`];
  for (const c of r.changes)
    lines.push(`  ${c.status.padEnd(13)} ${c.change.padEnd(9)} ${c.ref}${c.error ? `: ${c.error}` : ''}`);
  for (const c of r.verification?.checks ?? [])
    lines.push(`  check ${c.ok ? 'ok  ' : c.advisory ? 'warn' : 'FAIL'} ${c.name}: ${c.detail}`);
  if (r.error) lines.push(`  error: ${r.error}`);
  for (const k of r.conflicts ?? [])
    lines.push(`  conflict: ${k.message} (re-run with --yes --force to take these fields over)`);
  if (r.recordId)
    lines.push(`  record: ${r.recordId} (undo with: mesh-migrator apply --rollback ${r.recordId} --yes)`);
  return `${lines.join('\n')}\n`;
}

function formatRollback(r: RollbackResult): string {
  const lines = [`${r.status}: ${r.recordId}`];
  for (const x of r.restored) lines.push(`  ${x.action.padEnd(9)} ${x.ref}`);
  for (const f of r.failed) lines.push(`  failed    ${f.ref}: ${f.error}`);
  if (r.error) lines.push(`  error: ${r.error}`);
  return `${lines.join('\n')}\n`;
}

const APPLY_OPTIONS = {
  ...SOURCE_OPTIONS,
  ...PLAN_OPTIONS,
  step: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  rollback: { type: 'string' },
  output: { type: 'string', short: 'o', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function rollback(
  source: ClusterSource,
  id: string,
  yes: boolean,
  io: CliIO,
  json: boolean,
): Promise<number> {
  if (!yes) {
    return printRollbackPreview(source, [id], { what: `record ${id}`, json }, io);
  }
  const r = await rollbackStep(source, id);
  io.stdout(json ? `${JSON.stringify(r, null, 2)}\n` : formatRollback(r));
  return r.status === 'rolled-back' ? 0 : 1;
}

/**
 * `mesh-migrator apply`: previews the step; applies it only with --yes (exit 0 when applied, 1
 * when refused or failed); --dry-run prints the preview (exit 1 when a dry run failed).
 */
export async function runApply(
  argv: string[],
  io: CliIO,
  makeSource: (flags: Parameters<typeof sourceFromFlags>[0]) => ClusterSource = sourceFromFlags,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: APPLY_OPTIONS, strict: true });
  if (values.help) {
    io.stdout(`${APPLY_USAGE}\n`);
    return 0;
  }
  if (values.output !== 'text' && values.output !== 'json')
    throw new UsageError(`-o must be text or json, not "${values.output}"`);
  if (values['from-files']?.length)
    throw new UsageError(
      'apply needs a cluster (--context or --demo); use `plan --from-files` to read a dump',
    );
  const json = values.output === 'json';
  if (values.rollback !== undefined) {
    const source = makeSource(values);
    await source.start();
    try {
      return await rollback(source, values.rollback, values.yes === true, io, json);
    } finally {
      await source.stop();
    }
  }
  const { namespace, opts } = planFlags(values);
  const step = values.step ?? '';
  if (!isStepId(step))
    throw new UsageError(`--step must be one of ${STEP_IDS.join(', ')}${step ? `, not "${step}"` : ''}`);
  if (values['dry-run'] && values.yes) throw new UsageError('use either --dry-run or --yes');
  if (values.force && !values.yes) throw new UsageError('--force only goes with --yes');

  const source = makeSource(values);
  await source.start();
  try {
    const plan = planNamespace(source.snapshot().resources, namespace, opts);
    const preview = await previewStep(source, plan, step);
    if (!values.yes) {
      io.stdout(json ? `${JSON.stringify(preview, null, 2)}\n` : formatPreview(preview));
      if (values['dry-run']) return preview.ok ? 0 : 1;
      io.stderr('nothing applied: read the preview above, then re-run with --yes to apply it\n');
      return 1;
    }
    const permissions = await stepPermissions(source, plan, step);
    if (!permissions.allowed) {
      io.stderr(
        `nothing applied: missing permissions\n${permissions.missing.map((m) => `  ${m.verb} ${m.resource}${m.namespace ? ` in ${m.namespace}` : ''}: ${m.reason}`).join('\n')}\n`,
      );
      return 1;
    }
    if (!json) io.stdout(formatPreview(preview));
    const result = await applyStep(
      source,
      plan,
      step,
      values.force
        ? { confirm: forceConfirmation(preview.confirm), force: true }
        : { confirm: preview.confirm },
    );
    io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
    return result.status === 'applied' ? 0 : 1;
  } finally {
    await source.stop();
  }
}

import { parseArgs } from 'node:util';
import type { ClusterSource } from '../../lib/cluster/source';
import {
  applyEnrolment,
  type EnrolPreview,
  type EnrolResult,
  type EnrolRollbackResult,
  previewEnrolment,
  rollbackEnrolment,
} from '../../lib/migrate/enrol';
import { stepPermissions } from '../../lib/migrate/permissions';
import { planNamespace } from '../../lib/migrate/plan';
import { listRecords } from '../../lib/migrate/records';
import { SOURCE_OPTIONS, sourceFromFlags } from '../connect';
import { type CliIO, UsageError } from '../io';
import { formatPreview } from './apply';
import { checkNamespace, PLAN_OPTIONS, planFlags } from './plan';
import { printRollbackPreview } from './rollback-preview';

export const ENROL_USAGE = `Usage: mesh-migrator enrol --namespace NS [--namespace NS ...] [--dry-run | --yes] [--context C | --demo]
                          [--gateway-class NAME] [--waypoint NAME] [-o text|json]
       mesh-migrator enrol --rollback ENROLMENT_ID [--dry-run | --yes] [--context C | --demo]

Takes namespaces to ambient in one go: every applicable step of each plan (waypoint, policies,
routes, labels, injection, restarts) in one preview, applied in order with --yes, stopping at the
first failure. Verify and clean-up stay separate steps (mesh-migrator apply --step verify|cleanup).
Each step keeps its own record; --rollback undoes everything an enrolment did: without --yes it
prints what each record would delete, restore or recreate, with diffs, and changes nothing.`;

function formatEnrolPreview(p: EnrolPreview): string {
  const lines = [`Enrolment of ${p.namespaces.join(', ')}: ${p.steps.length} step(s)`];
  for (const b of p.blockers) lines.push(`  BLOCKER ${b.resource}: ${b.message}`);
  const body = p.steps.map(formatPreview).map((t) => t.replace(/\nConfirmation: .*\n$/, '\n'));
  return `${lines.join('\n')}\n\n${body.join('\n')}\nConfirmation: ${p.confirm}\n`;
}

function formatEnrolResult(r: EnrolResult): string {
  const lines = [
    `${r.status}: enrolment of ${r.namespaces.join(', ')}${r.enrolment ? ` (${r.enrolment})` : ''}`,
  ];
  for (const s of r.steps) {
    lines.push(
      `  ${s.status.padEnd(17)} ${s.namespace} ${s.step}${s.recordId ? `  record ${s.recordId}` : ''}`,
    );
    for (const c of s.changes.filter((x) => x.status !== 'not-attempted'))
      lines.push(
        `      ${c.status.padEnd(7)} ${c.change.padEnd(9)} ${c.ref}${c.error ? `: ${c.error}` : ''}`,
      );
  }
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.enrolment && r.recordIds.length)
    lines.push(`  undo everything with: mesh-migrator enrol --rollback ${r.enrolment} --yes`);
  return `${lines.join('\n')}\n`;
}

function formatRollback(r: EnrolRollbackResult): string {
  const lines = [`${r.status}`];
  for (const x of r.results) {
    lines.push(`  ${x.status.padEnd(15)} ${x.recordId}`);
    for (const f of x.failed) lines.push(`      failed ${f.ref}: ${f.error}`);
  }
  if (r.error) lines.push(`  error: ${r.error}`);
  return `${lines.join('\n')}\n`;
}

const OPTIONS = {
  ...SOURCE_OPTIONS,
  ...PLAN_OPTIONS,
  namespace: { type: 'string', short: 'n', multiple: true },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  rollback: { type: 'string' },
  output: { type: 'string', short: 'o', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Record ids of an enrolment, in the order they were written. */
function enrolmentRecordIds(source: ClusterSource, enrolment: string): string[] {
  return listRecords(source.snapshot().resources)
    .filter((r) => r.enrolment === enrolment)
    .sort((a, b) => a.when.localeCompare(b.when) || a.seq - b.seq)
    .map((r) => r.id);
}

/**
 * `mesh-migrator enrol`: prints the one preview; applies it with --yes (exit 0 when every step
 * applied, 1 otherwise); --dry-run exits 1 when a dry run failed or a blocker is left.
 */
export async function runEnrol(
  argv: string[],
  io: CliIO,
  makeSource: (flags: Parameters<typeof sourceFromFlags>[0]) => ClusterSource = sourceFromFlags,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  if (values.help) {
    io.stdout(`${ENROL_USAGE}\n`);
    return 0;
  }
  if (values.output !== 'text' && values.output !== 'json')
    throw new UsageError(`-o must be text or json, not "${values.output}"`);
  if (values['from-files']?.length)
    throw new UsageError('enrol needs a cluster (--context or --demo); use `plan --export` for files');
  if (values['dry-run'] && values.yes) throw new UsageError('use either --dry-run or --yes');
  const json = values.output === 'json';
  const print = (v: unknown, text: string) => io.stdout(json ? `${JSON.stringify(v, null, 2)}\n` : text);

  const source = makeSource(values);
  await source.start();
  try {
    if (values.rollback !== undefined) {
      const ids = enrolmentRecordIds(source, values.rollback);
      if (!ids.length) {
        io.stderr(`no records of enrolment ${values.rollback}\n`);
        return 1;
      }
      if (!values.yes)
        return printRollbackPreview(
          source,
          ids,
          { what: `enrolment ${values.rollback}`, json, dryRun: values['dry-run'] },
          io,
        );
      const r = await rollbackEnrolment(source, ids);
      print(r, formatRollback(r));
      return r.status === 'rolled-back' ? 0 : 1;
    }
    const namespaces = (values.namespace ?? []).map(checkNamespace);
    const { opts } = planFlags({ ...values, namespace: namespaces[0] });
    const plans = namespaces.map((ns) => planNamespace(source.snapshot().resources, ns, opts));
    const preview = await previewEnrolment(source, plans);
    if (!values.yes) {
      print(preview, formatEnrolPreview(preview));
      if (values['dry-run']) return preview.ok ? 0 : 1;
      io.stderr('nothing applied: read the preview above, then re-run with --yes to apply it\n');
      return 1;
    }
    for (const p of plans)
      for (const s of preview.steps.filter((x) => x.namespace === p.namespace)) {
        const perm = await stepPermissions(source, p, s.step);
        if (!perm.allowed) {
          io.stderr(
            `nothing applied: missing permissions for ${p.namespace} ${s.step}\n${perm.missing.map((m) => `  ${m.verb} ${m.resource}${m.namespace ? ` in ${m.namespace}` : ''}: ${m.reason}`).join('\n')}\n`,
          );
          return 1;
        }
      }
    if (!json) io.stdout(formatEnrolPreview(preview));
    const result = await applyEnrolment(source, plans, {
      confirm: preview.confirm,
      onProgress: (p) => {
        if (!json && p.status === 'applying') io.stdout(`applying ${p.namespace} ${p.step} ...\n`);
      },
    });
    print(result, formatEnrolResult(result));
    return result.status === 'applied' ? 0 : 1;
  } finally {
    await source.stop();
  }
}

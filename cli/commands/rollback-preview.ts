import type { ClusterSource } from '../../lib/cluster/source';
import { type EnrolRollbackPreview, previewEnrolmentRollback } from '../../lib/migrate/enrol-rollback';
import type { CliIO } from '../io';

/** What a rollback would do, record by record: each object deleted, restored or recreated, with its diff. */
export function formatRollbackPreview(what: string, p: EnrolRollbackPreview): string {
  const lines = [`Rollback of ${what}: ${p.records.length} record(s), newest first`];
  if (p.refused) lines.push(`  REFUSED ${p.refused.recordId}: ${p.refused.message}`);
  for (const r of p.records) {
    lines.push(`  ${r.recordId}${r.step ? ` (${r.step})` : ''}${r.skipped ? `: skipped, ${r.skipped}` : ''}`);
    for (const o of r.objects) {
      lines.push(`      ${o.action.padEnd(9)} ${o.ref}${o.problem ? `: ${o.problem}` : ''}`);
      if (o.diff) lines.push(o.diff.replace(/^/gm, '        ').trimEnd());
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A rollback without --yes: prints what it would do (JSON without what the confirmation is bound
 * to, or text) and changes nothing. Exit 0 for a --dry-run the rollback would take, else 1.
 */
export async function printRollbackPreview(
  source: ClusterSource,
  recordIds: string[],
  opts: { what: string; json: boolean; dryRun?: boolean },
  io: CliIO,
): Promise<number> {
  const preview = await previewEnrolmentRollback(source, recordIds);
  const { bound: _bound, ...shown } = preview;
  io.stdout(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : formatRollbackPreview(opts.what, preview));
  if (preview.refused) {
    io.stderr(`nothing rolled back: the rollback would be refused: ${preview.refused.message}\n`);
    return 1;
  }
  if (opts.dryRun) return 0;
  io.stderr('nothing rolled back: read the preview above, then re-run with --yes to roll back\n');
  return 1;
}

import type { EnrolRollbackPreview } from '../../lib/migrate/enrol-rollback';

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

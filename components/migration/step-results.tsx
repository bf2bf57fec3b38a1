'use client';

import type { ApplyResult, RollbackResult } from '@/lib/migrate';

/** What the last apply or rollback of a step did, or why it was refused. */
export function StepResults({
  apply,
  applyError,
  rollback,
  rollbackError,
}: {
  apply?: ApplyResult;
  applyError?: string;
  rollback?: RollbackResult;
  rollbackError?: string;
}) {
  return (
    <>
      {apply && (
        <p
          role="status"
          className={`mt-2 text-sm ${apply.status === 'applied' ? 'text-emerald-700' : 'text-red-700'}`}
          data-testid="apply-result"
        >
          {apply.status}
          {applyError ? `: ${applyError}` : ''}
          {apply.conflicts?.length
            ? ` — conflicts with ${apply.conflicts.map((x) => x.manager).join(', ')}`
            : ''}
          {apply.status === 'partially-applied' &&
            ` (changed: ${apply.changes
              .filter((x) => x.status === 'done')
              .map((x) => x.ref)
              .join(', ')}; roll back to undo)`}
        </p>
      )}
      {applyError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {applyError}
        </p>
      )}
      {rollback && (
        <p role="status" className="mt-2 text-sm" data-testid="rollback-result">
          {rollback.status}
          {rollback.failed.length ? `: ${rollback.failed.map((f) => `${f.ref}: ${f.error}`).join('; ')}` : ''}
        </p>
      )}
      {rollbackError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {rollbackError}
        </p>
      )}
    </>
  );
}

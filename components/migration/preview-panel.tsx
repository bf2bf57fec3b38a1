'use client';

import type { StepPreview } from '@/lib/migrate';
import { PatchText } from './patch-text';

const CHANGE = {
  create: 'bg-emerald-100 text-emerald-800',
  update: 'bg-amber-100 text-amber-900',
  unchanged: 'bg-slate-100 text-slate-600',
  delete: 'bg-red-100 text-red-800',
} as const;

/** The server-side dry run of a step: each change, its diff against live state, and dry-run errors. */
export function PreviewPanel({ preview }: { preview: StepPreview }) {
  return (
    <section
      aria-label={`Preview of ${preview.step}`}
      className="space-y-2"
      data-testid={`preview-${preview.step}`}
    >
      <p className="text-sm">
        Dry run: {preview.changes.length} change(s)
        {preview.ok ? ', all accepted by the API server' : ' — some were rejected'}.
      </p>
      {preview.changes.map((c) => (
        <details
          key={`${c.action}:${c.ref}`}
          open={c.change !== 'unchanged'}
          className="rounded border border-slate-200"
          data-testid={`change-${c.ref}`}
        >
          <summary className="cursor-pointer px-3 py-1.5 text-sm">
            <span className={`mr-2 rounded px-2 py-0.5 text-xs ${CHANGE[c.change]}`} data-change={c.change}>
              {c.change}
            </span>
            <code>{c.ref}</code>
            {c.description && <span className="ml-2 text-xs text-slate-500">{c.description}</span>}
            {c.simulated && (
              <span className="ml-2 text-xs text-slate-500">
                (computed locally: the source cannot dry-run)
              </span>
            )}
          </summary>
          <div className="space-y-2 p-2">
            {c.error && (
              <p role="alert" className="rounded bg-red-50 px-2 py-1 text-sm text-red-800">
                {c.error}
              </p>
            )}
            {c.conflicts?.length ? (
              <ul className="rounded bg-amber-50 px-2 py-1 text-sm text-amber-900">
                {c.conflicts.map((x) => (
                  <li key={`${x.field}${x.manager}`}>
                    Field <code>{x.field ?? '?'}</code> is owned by{' '}
                    <strong>{x.manager ?? 'another manager'}</strong>: {x.message}
                  </li>
                ))}
              </ul>
            ) : null}
            {c.diff ? (
              <PatchText text={c.diff} label={`Diff of ${c.ref}`} />
            ) : (
              !c.error && <p className="text-xs text-slate-500">No change.</p>
            )}
          </div>
        </details>
      ))}
    </section>
  );
}

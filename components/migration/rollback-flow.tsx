'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchJson, fetchResult } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import type { RollbackPreview, RollbackResult } from '@/lib/migrate';

type Preview = Omit<RollbackPreview, 'json'> & { confirm: string };

/**
 * Rolling back one record as every write goes: read what it would undo (the server signs a
 * confirmation bound to the exact record), show it, and only then roll back with that confirmation.
 */
export function useRollback(ns: string) {
  const qc = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const base = `/api/migration/${encodeURIComponent(ns)}/rollback`;
  const preview = useMutation({
    mutationFn: (recordId: string) =>
      fetchJson<Preview>(`${base}/preview`, { method: 'POST', body: JSON.stringify({ recordId }) }),
    onSuccess: (_, recordId) => setOpen(recordId),
  });
  const rollback = useMutation({
    mutationFn: (recordId: string) =>
      fetchResult<RollbackResult>(base, {
        method: 'POST',
        body: JSON.stringify({ recordId, confirm: preview.data?.confirm }),
      }),
    onSuccess: () => {
      setOpen(null);
      preview.reset();
    },
    onSettled: () => qc.invalidateQueries({ queryKey: clusterKeys.all }),
  });
  return {
    /** The record whose rollback is being confirmed. */
    open,
    preview,
    rollback,
    start: (recordId: string) => preview.mutate(recordId),
    cancel: () => setOpen(null),
    pending: preview.isPending || rollback.isPending,
  };
}

export type RollbackFlow = ReturnType<typeof useRollback>;

/** The confirmation of a rollback: what it restores, then "Roll back" or "Cancel". */
export function RollbackConfirm({ flow, title }: { flow: RollbackFlow; title: string }) {
  const data = flow.preview.data;
  if (!flow.open || !data) return null;
  const recordId = flow.open;
  return (
    <div
      role="alertdialog"
      aria-label={`Confirm rollback of ${title}`}
      className="mt-3 rounded border-2 border-red-600 bg-red-50 p-3 text-sm"
    >
      <p className="font-semibold">
        Roll back “{title}” (record {recordId}): restore the {data.actions.length} object(s) it changed to
        their recorded prior state.
      </p>
      <ul className="mt-1 list-disc pl-5">
        {data.actions.map((x) => (
          <li key={x.ref}>
            {x.action} <code>{x.ref}</code>
          </li>
        ))}
      </ul>
      <RollbackButtons
        className="mt-2"
        busy={flow.rollback.isPending}
        onConfirm={() => flow.rollback.mutate(recordId)}
        onCancel={flow.cancel}
      />
    </div>
  );
}

/** The explicit "Roll back" of a previewed rollback, and its way out. */
export function RollbackButtons({
  className = '',
  busy = false,
  onConfirm,
  onCancel,
}: {
  className?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className={`flex gap-2 ${className}`}>
      <button
        type="button"
        className="rounded bg-red-700 px-3 py-1 text-white disabled:opacity-50"
        disabled={busy}
        onClick={onConfirm}
      >
        Roll back
      </button>
      <button type="button" className="rounded border px-3 py-1" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Why reading or doing the rollback failed, if it did. */
export function RollbackError({ flow }: { flow: RollbackFlow }) {
  const e = flow.preview.error ?? flow.rollback.error;
  if (!e) return null;
  return (
    <p role="alert" className="mt-2 text-sm text-red-700">
      {e.message}
    </p>
  );
}

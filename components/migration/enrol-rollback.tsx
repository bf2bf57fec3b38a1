'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type EnrolRollbackPreviewView,
  previewEnrolmentRollback,
  rollbackEnrolment,
} from '@/lib/client/enrol';
import { clusterKeys } from '@/lib/client/keys';
import type { EnrolRollbackResult } from '@/lib/migrate';
import { PatchText } from './patch-text';
import { RollbackButtons } from './rollback-flow';

type State =
  | { at: 'idle' }
  | { at: 'previewing' }
  | { at: 'confirm'; recordIds: string[]; preview: EnrolRollbackPreviewView }
  | { at: 'rolling-back' };

/**
 * Rolling back an enrolment as every write goes: read what each record would undo (the server signs
 * a confirmation bound to the exact records and what it read), show it, and only on "Roll back"
 * send the rollback with that confirmation.
 */
export function useEnrolRollback(onDone: (r: EnrolRollbackResult) => void) {
  const qc = useQueryClient();
  const [state, setState] = useState<State>({ at: 'idle' });
  const [error, setError] = useState<string>();
  const start = async (recordIds: string[]) => {
    setError(undefined);
    setState({ at: 'previewing' });
    try {
      setState({ at: 'confirm', recordIds, preview: await previewEnrolmentRollback(recordIds) });
    } catch (e) {
      setError((e as Error).message);
      setState({ at: 'idle' });
    }
  };
  const confirm = async (recordIds: string[], token: string) => {
    setState({ at: 'rolling-back' });
    try {
      onDone(await rollbackEnrolment(recordIds, token));
      setState({ at: 'idle' });
    } catch (e) {
      setError((e as Error).message);
      setState({ at: 'idle' });
    } finally {
      void qc.invalidateQueries({ queryKey: clusterKeys.all });
    }
  };
  return {
    state,
    error,
    start,
    confirm,
    cancel: () => setState({ at: 'idle' }),
    busy: state.at === 'previewing' || state.at === 'rolling-back',
  };
}

export type EnrolRollbackFlow = ReturnType<typeof useEnrolRollback>;

const ACTION = {
  delete: 'bg-red-100 text-red-800',
  restore: 'bg-amber-100 text-amber-900',
  recreate: 'bg-emerald-100 text-emerald-800',
  unchanged: 'bg-slate-100 text-slate-600',
} as const;

/** The confirmation of an enrolment rollback: each record, each object and its diff, then "Roll back" or "Cancel". */
export function EnrolRollbackConfirm({ flow, title }: { flow: EnrolRollbackFlow; title: string }) {
  const { state } = flow;
  return (
    <>
      {state.at === 'previewing' && (
        <p role="status" className="text-sm">
          Reading what the rollback would undo…
        </p>
      )}
      {state.at === 'rolling-back' && (
        <p role="status" className="text-sm">
          Rolling back…
        </p>
      )}
      {flow.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {flow.error}
        </p>
      )}
      {state.at === 'confirm' && (
        <div
          role="alertdialog"
          aria-label={`Confirm rollback of the enrolment of ${title}`}
          className="space-y-2 rounded border-2 border-red-600 bg-red-50 p-3 text-sm"
        >
          <p className="font-semibold">
            Roll back the enrolment of {title}: {state.preview.records.length} record(s), newest first and
            workload restarts last, each object put back to its recorded prior state.
          </p>
          <ol className="space-y-1" aria-label="Records to roll back">
            {state.preview.records.map((r) => (
              <li key={r.recordId} data-testid={`rollback-record-${r.recordId}`}>
                <details className="rounded border border-slate-200 bg-white px-2 py-1">
                  <summary className="cursor-pointer">
                    <span className="font-medium">{r.step ?? 'record'}</span> <code>{r.recordId}</code>{' '}
                    <span className="text-slate-500">
                      {r.skipped ? `(${r.skipped}: skipped)` : `(${r.objects.length} object(s))`}
                    </span>
                  </summary>
                  <ul className="mt-1 space-y-1">
                    {r.objects.map((o) => (
                      <li key={o.ref} data-testid={`rollback-object-${o.ref}`} data-action={o.action}>
                        <span className={`mr-2 rounded px-2 py-0.5 text-xs ${ACTION[o.action]}`}>
                          {o.action}
                        </span>
                        <code>{o.ref}</code>
                        {o.problem && <span className="ml-2 text-red-700">{o.problem}</span>}
                        {o.diff && <PatchText text={o.diff} label={`Rollback diff of ${o.ref}`} />}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ol>
          <RollbackButtons
            onConfirm={() => void flow.confirm(state.recordIds, state.preview.confirm)}
            onCancel={flow.cancel}
          />
        </div>
      )}
    </>
  );
}

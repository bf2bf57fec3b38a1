'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { applyEnrolment, type EnrolEvent, previewEnrolment } from '@/lib/client/enrol';
import { clusterKeys } from '@/lib/client/keys';
import type { EnrolPreview, EnrolResult, EnrolRollbackResult } from '@/lib/migrate';
import { EnrolRollbackConfirm, useEnrolRollback } from './enrol-rollback';
import { PreviewPanel } from './preview-panel';
import { RolloutList } from './rollout-list';

type Phase =
  | { at: 'previewing' }
  | { at: 'preview'; preview: EnrolPreview }
  | { at: 'running'; preview: EnrolPreview }
  | { at: 'done'; preview: EnrolPreview; result: EnrolResult }
  | { at: 'rolled-back'; result: EnrolRollbackResult }
  | { at: 'error'; message: string };

const STATUS_STYLE: Record<string, string> = {
  applying: 'text-blue-700',
  applied: 'text-emerald-700',
  'partially-applied': 'text-red-700',
  failed: 'text-red-700',
  refused: 'text-red-700',
};

/**
 * One-click enrolment: one preview of every step of the namespaces, one confirmation, then live
 * progress per step and per workload restart, with a rollback of everything done (previewed and confirmed too).
 */
export function EnrolDialog({
  namespaces: requested,
  gatewayClass = 'istio',
  onClose,
}: {
  namespaces: string[];
  gatewayClass?: string;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  // What was asked for when the dialog opened: later renders of the caller must not start another preview.
  const [namespaces] = useState(requested);
  const [phase, setPhase] = useState<Phase>({ at: 'previewing' });
  const [events, setEvents] = useState<EnrolEvent[]>([]);
  const title = namespaces.length === 1 ? namespaces[0] : `${namespaces.length} namespaces`;

  useEffect(() => {
    previewEnrolment(namespaces, gatewayClass).then(
      (preview) => setPhase({ at: 'preview', preview }),
      (e: Error) => setPhase({ at: 'error', message: e.message }),
    );
  }, [namespaces, gatewayClass]);

  const confirm = async (preview: EnrolPreview) => {
    setPhase({ at: 'running', preview });
    try {
      const result = await applyEnrolment({ namespaces, gatewayClass, confirm: preview.confirm }, (e) =>
        setEvents((xs) => [...xs, e]),
      );
      setPhase({ at: 'done', preview, result });
    } catch (e) {
      setPhase({ at: 'error', message: (e as Error).message });
    }
    void qc.invalidateQueries({ queryKey: clusterKeys.all });
  };

  const rollback = useEnrolRollback((result) => setPhase({ at: 'rolled-back', result }));

  const progress = events.filter(
    (e): e is Extract<EnrolEvent, { type: 'progress' }> => e.type === 'progress',
  );
  const stepStatus = (ns: string, step: string) =>
    progress.filter((p) => p.namespace === ns && p.step === step).at(-1)?.status;
  const traffic = events.filter((e): e is Extract<EnrolEvent, { type: 'traffic' }> => e.type === 'traffic');

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-slate-900/40 p-6">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={`Enrol ${title} in ambient`}
        className="w-full max-w-4xl space-y-3 rounded bg-white p-5 shadow-xl"
      >
        <div className="flex items-center gap-2">
          <h2 className="text-lg font-semibold">Enrol {title} in ambient</h2>
          <button
            type="button"
            className="ml-auto rounded border border-slate-300 px-2 py-1 text-sm"
            onClick={onClose}
          >
            Close
          </button>
        </div>
        {phase.at === 'previewing' && (
          <p className="text-sm" role="status">
            Dry-running every step…
          </p>
        )}
        {phase.at === 'error' && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {phase.message}
          </p>
        )}
        {(phase.at === 'preview' || phase.at === 'running' || phase.at === 'done') && (
          <>
            {phase.preview.blockers.length > 0 && (
              <ul
                role="alert"
                className="rounded bg-red-50 px-3 py-2 text-sm text-red-800"
                aria-label="Blockers"
              >
                {phase.preview.blockers.map((b) => (
                  <li key={b.id}>
                    Blocker <code>{b.resource}</code>: {b.message}
                  </li>
                ))}
              </ul>
            )}
            <p className="text-sm text-slate-600">
              {phase.preview.steps.length} step(s),{' '}
              {phase.preview.steps.reduce((n, s) => n + s.changes.length, 0)} change(s). Verify and clean-up
              stay separate steps, after the pods have restarted.
            </p>
            <ol className="space-y-2" aria-label="Enrolment steps">
              {phase.preview.steps.map((s) => {
                const st = stepStatus(s.namespace, s.step);
                return (
                  <li
                    key={`${s.namespace}/${s.step}`}
                    data-testid={`enrol-step-${s.namespace}-${s.step}`}
                    data-status={st ?? 'pending'}
                  >
                    <details className="rounded border border-slate-200 px-3 py-1.5">
                      <summary className="cursor-pointer text-sm">
                        <span className="font-medium">
                          {s.namespace}: {s.step}
                        </span>{' '}
                        <span className="text-slate-500">({s.changes.length} change(s))</span>
                        {st && <span className={`ml-2 ${STATUS_STYLE[st] ?? ''}`}>{st}</span>}
                      </summary>
                      <PreviewPanel preview={s} />
                    </details>
                  </li>
                );
              })}
            </ol>
          </>
        )}
        {phase.at === 'preview' && (
          <button
            type="button"
            className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50"
            disabled={!phase.preview.ok}
            onClick={() => void confirm(phase.preview)}
          >
            Confirm and enrol
          </button>
        )}
        {phase.at === 'running' && (
          <p role="status" className="text-sm">
            Applying…
          </p>
        )}
        {traffic.map((t) => (
          <p
            key={t.namespace}
            className="text-xs text-slate-500"
            data-testid={`traffic-baseline-${t.namespace}`}
          >
            Traffic of {t.namespace}:{' '}
            {'unavailable' in t.baseline
              ? t.baseline.unavailable
              : `baseline of ${t.baseline.before.length} Service(s) recorded; compared after ${t.baseline.window}`}
          </p>
        ))}
        {phase.at === 'done' && (
          <>
            <EnrolOutcome
              result={phase.result}
              busy={rollback.busy || rollback.state.at === 'confirm'}
              onRollback={(ids) => void rollback.start(ids)}
            />
            <EnrolRollbackConfirm flow={rollback} title={title ?? ''} />
          </>
        )}
        {phase.at === 'rolled-back' && (
          <p role="status" className="text-sm" data-testid="enrol-rolled-back">
            {phase.result.status === 'rolled-back'
              ? 'Everything the enrolment did was rolled back.'
              : `Rollback incomplete: ${phase.result.error}`}
          </p>
        )}
      </div>
    </div>
  );
}

function EnrolOutcome({
  result,
  busy,
  onRollback,
}: {
  result: EnrolResult;
  busy: boolean;
  onRollback: (ids: string[]) => void;
}) {
  const changed = result.steps.flatMap((s) => s.changes.filter((c) => c.status === 'done'));
  return (
    <section
      aria-label="Enrolment result"
      className="space-y-2"
      data-testid="enrol-result"
      data-status={result.status}
    >
      <p
        role="status"
        className={`text-sm font-medium ${result.status === 'applied' ? 'text-emerald-700' : 'text-red-700'}`}
      >
        {result.status === 'applied'
          ? 'Enrolled: every step applied. Workloads are restarting.'
          : `Stopped: ${result.error}`}
      </p>
      {result.status !== 'applied' && changed.length > 0 && (
        <ul className="text-xs" aria-label="Changed objects">
          {changed.map((c) => (
            <li key={`${c.action}${c.ref}`}>
              {c.change} <code>{c.ref}</code>
            </li>
          ))}
        </ul>
      )}
      {result.status === 'applied' && result.namespaces.map((ns) => <RolloutList key={ns} ns={ns} />)}
      {result.recordIds.length > 0 && (
        <button
          type="button"
          className="rounded border border-red-700 px-3 py-1 text-sm text-red-800 disabled:opacity-50"
          disabled={busy}
          onClick={() => onRollback(result.recordIds)}
        >
          Roll back everything
        </button>
      )}
    </section>
  );
}

'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchJson, fetchResult } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import type { ApplyResult, Finding, StepPreview } from '@/lib/migrate';
import type { StepView } from '@/lib/views/migration';
import { PreviewPanel } from './preview-panel';
import { RollbackConfirm, RollbackError, useRollback } from './rollback-flow';
import { StepDetails } from './step-details';
import { StepResults } from './step-results';
import { StepTraffic, StepTrafficBadge } from './step-traffic';

const RECORD_STYLE: Record<string, string> = {
  applied: 'bg-emerald-100 text-emerald-800',
  'partially-applied': 'bg-red-100 text-red-800',
  failed: 'bg-red-100 text-red-800',
  'rolled-back': 'bg-slate-200 text-slate-700',
  'rollback-failed': 'bg-red-100 text-red-800',
  'in-progress': 'bg-blue-100 text-blue-800',
};

const FINDING_STYLE = {
  blocker: 'text-red-800',
  warning: 'text-amber-800',
  info: 'text-slate-600',
} as const;

function counts(p: StepPreview) {
  const by = (k: string) => p.changes.filter((c) => c.change === k).length;
  return { create: by('create'), update: by('update'), del: by('delete'), unchanged: by('unchanged') };
}

/** One planned step: what it will change, preview, confirm + apply, verify, roll back. */
export function StepCard({
  ns,
  gatewayClass,
  certificates = 'reference-grant',
  target = 'istio',
  index,
  step,
  readOnly,
  findings = [],
}: {
  ns: string;
  gatewayClass: string;
  /** How converted Gateways keep their certificates. */
  certificates?: string;
  target?: string;
  index: number;
  step: StepView;
  readOnly: boolean;
  /** The plan's findings that concern this step. */
  findings?: Finding[];
}) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState<'apply' | 'force' | null>(null);
  const base = `/api/migration/${encodeURIComponent(ns)}`;
  const refresh = () => qc.invalidateQueries({ queryKey: clusterKeys.all });
  const preview = useMutation({
    mutationFn: () =>
      fetchJson<StepPreview & { forceOnly: boolean }>(`${base}/preview`, {
        method: 'POST',
        body: JSON.stringify({ step: step.id, gatewayClass, certificates, target }),
      }),
  });
  const apply = useMutation({
    mutationFn: (force: boolean) =>
      fetchResult<ApplyResult>(`${base}/apply`, {
        method: 'POST',
        body: JSON.stringify({
          step: step.id,
          gatewayClass,
          certificates,
          target,
          confirm: preview.data?.confirm,
          force,
        }),
      }),
    onSuccess: () => {
      setConfirming(null);
      preview.reset();
      void refresh();
    },
  });
  const flow = useRollback(ns);
  const last = step.last;
  const rollbackable =
    last && (last.status === 'applied' || last.status === 'partially-applied' || last.status === 'failed');
  const rollBack =
    last && rollbackable && !readOnly && !last.rollbackBlocked ? () => flow.start(last.id) : undefined;
  const canWrite = !readOnly && step.permissions.allowed;
  const p = preview.data;
  const c = p ? counts(p) : undefined;
  const conflicts = p?.changes.some((x) => x.conflicts?.length) ?? false;
  // Errors other than field conflicts cannot be forced through.
  const otherErrors = p?.changes.some((x) => x.error && !x.conflicts?.length) ?? false;
  const applyBlocked = readOnly
    ? 'read-only mode is on'
    : !step.permissions.allowed
      ? 'you lack the permissions this step needs'
      : otherErrors
        ? 'the dry run failed'
        : undefined;
  const changing = p ? p.changes.filter((x) => x.change !== 'unchanged') : [];

  return (
    <li
      className={`rounded border bg-white p-4 ${step.skipped ? 'border-slate-200 opacity-70' : 'border-slate-300'}`}
      data-testid={`step-${step.id}`}
      data-skipped={step.skipped}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="flex h-6 w-6 items-center justify-center rounded-full bg-slate-900 text-xs text-white">
          {index + 1}
        </span>
        <h3 className="font-semibold">{step.title}</h3>
        {step.skipped && (
          <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">skipped</span>
        )}
        {last && (
          <span
            className={`rounded px-2 py-0.5 text-xs ${RECORD_STYLE[last.status] ?? ''}`}
            data-testid="step-record-status"
          >
            {last.status} by {last.who}
          </span>
        )}
        {!step.skipped && (
          <span
            className={`rounded px-2 py-0.5 text-xs ${step.verify.ok ? 'bg-emerald-50 text-emerald-800' : 'bg-slate-50 text-slate-600'}`}
            data-testid="step-verify"
            data-ok={step.verify.ok}
          >
            {step.verify.ok ? 'verified' : 'not verified'}
          </span>
        )}
        {last?.traffic && <StepTrafficBadge check={last.traffic} />}
      </div>
      <p className="mt-1 text-sm text-slate-600">{step.skipped ? step.reason : step.description}</p>
      {last?.traffic && (
        <StepTraffic check={last.traffic} rollBack={rollBack} rollbackPending={flow.pending} />
      )}
      {findings.length > 0 && (
        <ul className="mt-2 space-y-1 text-xs" aria-label={`Findings of step ${step.id}`}>
          {findings.map((f) => (
            <li
              key={f.id}
              className={FINDING_STYLE[f.severity]}
              data-testid={`step-finding-${f.id}`}
              data-severity={f.severity}
            >
              <span className="mr-1 font-semibold uppercase">{f.severity}</span>
              {f.message}
            </li>
          ))}
        </ul>
      )}
      <StepDetails step={step} />
      <div className="mt-3 flex flex-wrap gap-2">
        {!step.skipped && (
          <button
            type="button"
            className="rounded border border-slate-400 px-3 py-1 text-sm disabled:opacity-40"
            onClick={() => preview.mutate()}
            disabled={preview.isPending}
          >
            {preview.isPending ? 'Running dry run…' : 'Preview'}
          </button>
        )}
        {p && !step.skipped && (
          <button
            type="button"
            className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-40"
            disabled={!canWrite || applyBlocked !== undefined || apply.isPending}
            title={applyBlocked}
            aria-describedby={applyBlocked ? `apply-blocked-${step.id}` : undefined}
            onClick={() => setConfirming('apply')}
          >
            Apply…
          </button>
        )}
        {p && !step.skipped && applyBlocked && (
          <span
            id={`apply-blocked-${step.id}`}
            className="self-center text-xs text-slate-500"
            data-testid="apply-blocked"
          >
            {applyBlocked}
          </span>
        )}
        {last && rollbackable && (
          <button
            type="button"
            className="rounded border border-red-400 px-3 py-1 text-sm text-red-800 disabled:opacity-40"
            disabled={!rollBack || flow.pending}
            title={readOnly ? 'read-only mode is on' : last.rollbackBlocked}
            aria-describedby={last.rollbackBlocked ? `rollback-blocked-${step.id}` : undefined}
            onClick={rollBack}
          >
            {flow.preview.isPending ? 'Reading record…' : 'Roll back…'}
          </button>
        )}
        {last?.rollbackBlocked && rollbackable && (
          <span
            id={`rollback-blocked-${step.id}`}
            className="self-center text-xs text-slate-500"
            data-testid="rollback-blocked"
          >
            Roll back unavailable: {last.rollbackBlocked}
          </span>
        )}
      </div>
      {preview.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {preview.error.message}
        </p>
      )}
      {confirming === 'apply' && p && c && (
        <div
          role="alertdialog"
          aria-label={`Confirm ${step.title}`}
          className="mt-3 rounded border-2 border-slate-900 bg-slate-50 p-3 text-sm"
        >
          <p className="font-semibold">
            Apply “{step.title}” to namespace {ns}: {c.create} create, {c.update} update, {c.del} delete.
          </p>
          <ul className="mt-1 list-disc pl-5">
            {changing.map((x) => (
              <li key={`${x.action}${x.ref}`}>
                {x.change} <code>{x.ref}</code>
              </li>
            ))}
          </ul>
          {conflicts && (
            <p className="mt-1 text-amber-800">
              Some fields are owned by other managers: this step can only be applied by taking them over.
            </p>
          )}
          <div className="mt-2 flex gap-2">
            {!p.forceOnly && (
              <button
                type="button"
                className="rounded bg-slate-900 px-3 py-1 text-white"
                onClick={() => apply.mutate(false)}
                disabled={apply.isPending}
              >
                Apply {changing.length} change(s)
              </button>
            )}
            {conflicts && (
              <button
                type="button"
                className="rounded border border-amber-600 px-3 py-1 text-amber-900"
                onClick={() => setConfirming('force')}
              >
                Take over conflicting fields…
              </button>
            )}
            <button type="button" className="rounded border px-3 py-1" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {confirming === 'force' && (
        <div
          role="alertdialog"
          aria-label="Confirm taking over fields"
          className="mt-3 rounded border-2 border-amber-600 bg-amber-50 p-3 text-sm"
        >
          <p className="font-semibold">
            Take over the fields other managers own? Their next sync may change them back.
          </p>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              className="rounded bg-amber-700 px-3 py-1 text-white"
              onClick={() => apply.mutate(true)}
            >
              Force apply
            </button>
            <button type="button" className="rounded border px-3 py-1" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <RollbackError flow={flow} />
      <RollbackConfirm flow={flow} title={step.title} />
      <StepResults apply={apply.data} applyError={apply.error?.message} rollback={flow.rollback.data} />
      {p && (
        <div className="mt-3">
          <PreviewPanel preview={p} />
        </div>
      )}
    </li>
  );
}

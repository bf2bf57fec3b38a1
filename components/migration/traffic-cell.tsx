'use client';

import type { TrafficCheck } from '@/lib/migrate';
import { RollbackConfirm, RollbackError, useRollback } from './rollback-flow';
import { TrafficBadge, TrafficEvidence } from './traffic-verdict';

/** The live-traffic verdict of an applied step in the history, with the evidence and a rollback when degraded. */
export function TrafficCell({
  recordId,
  ns,
  step,
  check,
  rolledBack,
}: {
  recordId: string;
  ns: string;
  step: string;
  check?: TrafficCheck;
  rolledBack: boolean;
}) {
  const flow = useRollback(ns);
  if (!check) return <span className="text-slate-400">—</span>;
  return (
    <div data-testid={`traffic-${recordId}`} data-status={check.status}>
      <TrafficBadge check={check} />
      <TrafficEvidence check={check} />
      {check.status === 'degraded' && !rolledBack && (
        <button
          type="button"
          className="mt-1 rounded border border-red-700 px-2 py-0.5 text-red-800 disabled:opacity-50"
          disabled={flow.pending}
          onClick={() => flow.start(recordId)}
        >
          Roll back this step…
        </button>
      )}
      <RollbackConfirm flow={flow} title={step} />
      <RollbackError flow={flow} />
    </div>
  );
}

import type { TrafficCheck } from '@/lib/migrate';
import { TrafficBadge, TrafficEvidence } from './traffic-verdict';

/** The traffic verdict of a step's last application, beside its other badges. */
export function StepTrafficBadge({ check }: { check: TrafficCheck }) {
  return (
    <span data-testid="step-traffic" data-status={check.status}>
      <TrafficBadge check={check} />
    </span>
  );
}

/**
 * What the step's traffic verdict rests on and, when traffic degraded, its rollback offered right
 * there (`rollBack` is absent when the record cannot be rolled back: the step card says why).
 */
export function StepTraffic({
  check,
  rollBack,
  rollbackPending,
}: {
  check: TrafficCheck;
  rollBack?: () => void;
  rollbackPending: boolean;
}) {
  const degraded = check.status === 'degraded';
  return (
    <section
      aria-label="Traffic after this step"
      className={`mt-2 rounded border p-2 ${degraded ? 'border-red-300 bg-red-50' : 'border-slate-200'}`}
      data-testid="step-traffic-evidence"
    >
      {degraded && (
        <p className="text-sm font-semibold text-red-800">
          Traffic degraded after this step: roll it back, or fix what broke and check again.
        </p>
      )}
      <TrafficEvidence check={check} />
      {degraded && rollBack && (
        <button
          type="button"
          className="mt-2 rounded bg-red-700 px-3 py-1 text-sm text-white disabled:opacity-50"
          disabled={rollbackPending}
          onClick={rollBack}
        >
          Roll back this step…
        </button>
      )}
    </section>
  );
}

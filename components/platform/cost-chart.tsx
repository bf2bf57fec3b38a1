import type { CostPoint } from '@/lib/platform/cost-history';
import { formatCpu } from '@/lib/platform/quantity';
import type { MeasuredPoint } from '@/lib/platform/usage-history';
import type { MeasuredHistory } from '@/lib/views/platform';

const W = 480;
const H = 140;
const PAD = 28;
const SIDECAR = '#7c3aed';
const AMBIENT = '#059669';

/** The two series every line of the chart comes in: the CPU of sidecars and of ambient. */
const SERIES = [
  { key: 'sidecarCpuMillicores', color: SIDECAR },
  { key: 'ambientCpuMillicores', color: AMBIENT },
] as const;

const sourceName = (m: MeasuredHistory) =>
  m.source === 'demo' ? "the demo's simulated Prometheus" : 'Prometheus';

/**
 * Sidecar vs ambient CPU over the migration on one time axis: requests as steps, one per namespace
 * move (from the migration records), and measured usage as dashed lines (range queries) when a
 * telemetry source answered.
 */
export function CostChart({ points, measured }: { points: CostPoint[]; measured?: MeasuredHistory }) {
  const usage: MeasuredPoint[] = measured?.points ?? [];
  const times = [...points.map((p) => Date.parse(p.when)), ...usage.map((p) => Date.parse(p.when))];
  const t0 = Math.min(...times);
  const t1 = Math.max(t0 + 1, ...times);
  const max = Math.max(1, ...[...points, ...usage].flatMap((p) => SERIES.map((s) => p[s.key])));
  const x = (when: string) => PAD + ((Date.parse(when) - t0) * (W - 2 * PAD)) / (t1 - t0);
  const y = (v: number) => H - PAD - (v * (H - 2 * PAD)) / max;
  // Requests change at a move and hold until the next: a step line.
  const steps = (pick: (p: CostPoint) => number) =>
    points
      .map((p, i) => {
        const prev = points[i - 1];
        const at = `${x(p.when).toFixed(1)}`;
        return i === 0 || !prev
          ? `M${at},${y(pick(p)).toFixed(1)}`
          : `L${at},${y(pick(prev)).toFixed(1)} L${at},${y(pick(p)).toFixed(1)}`;
      })
      .join(' ');
  const line = (pick: (p: MeasuredPoint) => number) =>
    usage.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.when).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  const latest = usage[usage.length - 1];
  return (
    <figure className="mt-3" aria-label="Sidecar vs ambient cost over the migration">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-xl" role="img" aria-label="Cost chart">
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="#cbd5e1" />
        <text x={2} y={PAD} fontSize="10" fill="#64748b">
          {formatCpu(max)}
        </text>
        {SERIES.map((s) => (
          <path key={s.key} d={steps((p) => p[s.key])} fill="none" stroke={s.color} strokeWidth="2" />
        ))}
        {usage.length > 1 &&
          SERIES.map((s) => (
            <path
              key={s.key}
              d={line((p) => p[s.key])}
              fill="none"
              stroke={s.color}
              strokeWidth="1.5"
              strokeDasharray="4 3"
            />
          ))}
        {points.map((p) => (
          <circle
            key={`${p.when}-${p.event}`}
            cx={x(p.when)}
            cy={y(p.sidecarCpuMillicores)}
            r="3"
            fill={SIDECAR}
          >
            <title>{`${p.event} (${p.when}): sidecars ${formatCpu(p.sidecarCpuMillicores)}, ambient ${formatCpu(p.ambientCpuMillicores)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="text-xs text-slate-500">
        CPU over the migration: <span className="text-violet-700">sidecars</span> vs{' '}
        <span className="text-emerald-700">ambient</span> (ztunnel + waypoints); solid: requests, from the
        migration records
        {measured && (
          <span data-testid="cost-measured">
            {measured.error
              ? `; measured usage unavailable (${measured.error})`
              : usage.length === 0
                ? `; ${sourceName(measured)} has no usage for this span`
                : `; dashed: measured usage from ${sourceName(measured)} (${measured.window} rate, every ${measured.stepSeconds} s), latest sidecars ${formatCpu(latest?.sidecarCpuMillicores ?? 0)}, ambient ${formatCpu(latest?.ambientCpuMillicores ?? 0)}`}
          </span>
        )}
        .
      </figcaption>
      <ol className="sr-only" data-testid="cost-points">
        {points.map((p) => (
          <li key={`${p.when}-${p.event}`}>
            {p.event}: sidecars {formatCpu(p.sidecarCpuMillicores)}, ambient{' '}
            {formatCpu(p.ambientCpuMillicores)}
          </li>
        ))}
      </ol>
    </figure>
  );
}

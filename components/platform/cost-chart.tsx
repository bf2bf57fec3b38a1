import type { CostPoint } from '@/lib/platform/cost-history';
import { formatCpu } from '@/lib/platform/quantity';

const W = 480;
const H = 140;
const PAD = 28;

/** CPU requests held by sidecars vs ambient over the migration, one step per namespace move. */
export function CostChart({ points }: { points: CostPoint[] }) {
  const max = Math.max(1, ...points.flatMap((p) => [p.sidecarCpuMillicores, p.ambientCpuMillicores]));
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, points.length - 1);
  const y = (v: number) => H - PAD - (v * (H - 2 * PAD)) / max;
  const line = (pick: (p: CostPoint) => number) =>
    points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  return (
    <figure className="mt-3" aria-label="Sidecar vs ambient cost over the migration">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-xl" role="img" aria-label="Cost chart">
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="#cbd5e1" />
        <text x={2} y={PAD} fontSize="10" fill="#64748b">
          {formatCpu(max)}
        </text>
        <path d={line((p) => p.sidecarCpuMillicores)} fill="none" stroke="#7c3aed" strokeWidth="2" />
        <path d={line((p) => p.ambientCpuMillicores)} fill="none" stroke="#059669" strokeWidth="2" />
        {points.map((p, i) => (
          <circle key={`${p.when}-${p.event}`} cx={x(i)} cy={y(p.sidecarCpuMillicores)} r="3" fill="#7c3aed">
            <title>{`${p.event} (${p.when}): sidecars ${formatCpu(p.sidecarCpuMillicores)}, ambient ${formatCpu(p.ambientCpuMillicores)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="text-xs text-slate-500">
        CPU requests over the migration, from the migration records:{' '}
        <span className="text-violet-700">sidecars</span> vs <span className="text-emerald-700">ambient</span>{' '}
        (ztunnel + waypoints).
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

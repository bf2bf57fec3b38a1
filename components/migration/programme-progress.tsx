import Link from 'next/link';
import type { ProgrammeProgress } from '@/lib/views/migration';

/** Cumulative namespaces enrolled per day, as a small line. */
function Timeline({ points }: { points: ProgrammeProgress['timeline'] }) {
  if (points.length === 0) return <p className="text-xs text-slate-500">No namespace enrolled yet.</p>;
  const max = Math.max(...points.map((p) => p.enrolled), 1);
  const w = 240;
  const h = 48;
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  const path = points
    .map(
      (p, i) =>
        `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${(h - (p.enrolled / max) * (h - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg width={w + 8} height={h + 14} role="img" aria-label="Namespaces enrolled over time">
      <path d={path} fill="none" stroke="#059669" strokeWidth="2" />
      {points.map((p, i) => (
        <circle key={p.day} cx={i * step} cy={h - (p.enrolled / max) * (h - 4)} r="2.5" fill="#059669">
          <title>{`${p.day}: ${p.enrolled}`}</title>
        </circle>
      ))}
      <text x="0" y={h + 12} fontSize="9" fill="#475569">
        {points[0]?.day}
      </text>
      <text x={w - 50} y={h + 12} fontSize="9" fill="#475569">
        {points.at(-1)?.day}
      </text>
    </svg>
  );
}

/** The programme at a glance: pods and namespaces per data plane, enrolments over time, waves, what is left. */
export function ProgrammeProgressCard({ progress: p }: { progress: ProgrammeProgress }) {
  const pods = p.pods.sidecar + p.pods.ambient + p.pods.pending;
  const pct = pods ? Math.round((p.pods.ambient / pods) * 100) : 0;
  return (
    <section
      aria-label="Programme progress"
      className="grid gap-4 rounded border border-slate-200 bg-white p-4 md:grid-cols-3"
    >
      <div>
        <h2 className="mb-1 font-medium">Data planes</h2>
        <p className="text-sm" data-testid="progress-pods">
          {p.pods.ambient} of {pods} meshed pods on ztunnel ({pct}%) · {p.pods.sidecar} sidecar ·{' '}
          {p.pods.pending} pending
        </p>
        <p className="text-sm text-slate-600" data-testid="progress-namespaces">
          Namespaces: {p.namespaces.ambient} ambient · {p.namespaces.mixed} mixed · {p.namespaces.sidecar}{' '}
          sidecar
        </p>
        <p className="mt-1 text-sm">
          Waves: {p.waves.done} of {p.waves.total} done{p.waves.saved ? '' : ' (suggested)'} ·{' '}
          <Link className="text-blue-700 hover:underline" href="/waves">
            plan waves
          </Link>
        </p>
      </div>
      <div>
        <h2 className="mb-1 font-medium">Enrolled over time</h2>
        <Timeline points={p.timeline} />
      </div>
      <div>
        <h2 className="mb-1 font-medium">Left</h2>
        <p className="text-sm text-slate-600">
          {p.left.length
            ? `${p.left.length} namespace(s) with sidecars: ${p.left.slice(0, 8).join(', ')}${p.left.length > 8 ? '…' : ''}`
            : 'No sidecars left.'}
        </p>
        {p.blockers.length > 0 && (
          <p className="mt-1 text-sm text-red-700">
            Blockers to clear:{' '}
            {p.blockers.map((b, i) => (
              <span key={b.namespace}>
                {i > 0 && ', '}
                <Link className="underline" href={`/migration/${encodeURIComponent(b.namespace)}`}>
                  {b.namespace}
                </Link>{' '}
                ({b.count})
              </span>
            ))}
          </p>
        )}
      </div>
    </section>
  );
}

import type { ServiceVerdict, TrafficCheck } from '@/lib/migrate';

const STYLE: Record<TrafficCheck['status'], string> = {
  verified: 'bg-emerald-100 text-emerald-800',
  degraded: 'bg-red-100 text-red-800',
  measuring: 'bg-blue-100 text-blue-800',
  'no-traffic': 'bg-slate-100 text-slate-600',
  unavailable: 'bg-slate-100 text-slate-600',
  error: 'bg-amber-100 text-amber-900',
};
const LABEL: Record<TrafficCheck['status'], string> = {
  verified: 'traffic OK',
  degraded: 'traffic degraded',
  measuring: 'measuring traffic',
  'no-traffic': 'no traffic seen',
  unavailable: 'not checked',
  error: 'traffic check failed',
};

/** The verdict as one badge; its title carries the one-line detail. */
export function TrafficBadge({ check }: { check: TrafficCheck }) {
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs ${STYLE[check.status]}`}
      title={check.detail}
      data-testid="traffic-badge"
    >
      {LABEL[check.status]}
    </span>
  );
}

/** Before/after bars of one Service: success rate and p99, each scaled to the larger of the two. */
function ServiceChart({ v }: { v: ServiceVerdict }) {
  const rows = [
    {
      name: 'success',
      b: v.before?.successRate ?? 0,
      a: v.after?.successRate ?? 0,
      fmt: (x: number) => `${(x * 100).toFixed(1)}%`,
    },
    { name: 'p99', b: v.before?.p99 ?? 0, a: v.after?.p99 ?? 0, fmt: (x: number) => `${x.toFixed(0)} ms` },
  ];
  return (
    <figure className="mt-1" data-testid={`traffic-chart-${v.service}`}>
      <figcaption className="text-[11px]">
        <code>{v.service}</code>{' '}
        {v.status !== 'healthy' && <span className="text-red-700">{v.reasons.join('; ')}</span>}
      </figcaption>
      <svg width="220" height="44" role="img" aria-label={`${v.service} before and after`}>
        {rows.map((r, i) => {
          const max = Math.max(r.b, r.a) || 1;
          const y = i * 22;
          return (
            <g key={r.name}>
              <text x="0" y={y + 9} fontSize="9" fill="#475569">
                {r.name}
              </text>
              <rect x="40" y={y} width={(r.b / max) * 120} height="8" fill="#94a3b8" />
              <rect
                x="40"
                y={y + 9}
                width={(r.a / max) * 120}
                height="8"
                fill={v.status === 'degraded' ? '#dc2626' : '#059669'}
              />
              <text x="165" y={y + 8} fontSize="8" fill="#475569">
                {r.fmt(r.b)}
              </text>
              <text x="165" y={y + 17} fontSize="8" fill="#475569">
                {r.fmt(r.a)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/**
 * What the verdict rests on: its detail line, and per Service the signals before and after the
 * change (open when degraded).
 */
export function TrafficEvidence({ check }: { check: TrafficCheck }) {
  const services = 'services' in check ? check.services.filter((s) => s.status !== 'no-traffic') : [];
  return (
    <div className="text-xs" data-testid="traffic-evidence">
      {check.status !== 'verified' && <span className="block text-slate-500">{check.detail}</span>}
      {'window' in check && (
        <span className="block text-slate-500">
          compared over {check.window} before and after {check.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}
        </span>
      )}
      {services.length > 0 && (
        <details open={check.status === 'degraded'}>
          <summary className="cursor-pointer text-slate-500">
            before vs after ({services.length} Service(s))
          </summary>
          {services.map((s) => (
            <ServiceChart key={s.service} v={s} />
          ))}
        </details>
      )}
    </div>
  );
}

import type { DataplaneCounts } from '@/lib/mesh/workloads';

const PARTS = [
  { key: 'sidecar', cls: 'bg-sidecar', label: 'sidecar' },
  { key: 'ambient', cls: 'bg-ztunnel', label: 'ztunnel' },
  { key: 'ambientPending', cls: 'bg-pending', label: 'pending' },
  { key: 'none', cls: 'bg-none', label: 'none' },
] as const;

/** Share of pods per data plane as a stacked bar. */
export function CoverageBar({ counts }: { counts: DataplaneCounts }) {
  const total = counts.total || 1;
  const title = PARTS.map((p) => `${p.label} ${counts[p.key]}`).join(', ');
  return (
    <div
      className="flex h-2.5 w-40 overflow-hidden rounded bg-slate-100"
      title={title}
      role="img"
      aria-label={title}
    >
      {PARTS.map((p) =>
        counts[p.key] > 0 ? (
          <div key={p.key} className={p.cls} style={{ width: `${(100 * counts[p.key]) / total}%` }} />
        ) : null,
      )}
    </div>
  );
}

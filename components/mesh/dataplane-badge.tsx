import type { PodDataplane } from '@/lib/mesh/pod';

const STYLE: Record<PodDataplane, { label: string; cls: string }> = {
  sidecar: { label: 'sidecar', cls: 'bg-amber-100 text-amber-900 ring-amber-300' },
  ambient: { label: 'ztunnel', cls: 'bg-teal-100 text-teal-900 ring-teal-300' },
  'ambient-pending': { label: 'pending', cls: 'bg-blue-100 text-blue-900 ring-blue-300' },
  none: { label: 'none', cls: 'bg-slate-100 text-slate-700 ring-slate-300' },
};

/** The data plane of a pod or workload as a coloured pill. */
export function DataplaneBadge({ value }: { value: PodDataplane }) {
  const s = STYLE[value];
  return (
    <span
      className={`inline-block rounded px-2 py-0.5 text-xs ring-1 ring-inset ${s.cls}`}
      data-dataplane={value}
    >
      {s.label}
    </span>
  );
}

import type { NamespaceState } from '@/lib/mesh/namespace';

const STYLE: Record<NamespaceState, string> = {
  'out-of-mesh': 'bg-slate-100 text-slate-700',
  sidecar: 'bg-amber-100 text-amber-900',
  mixed: 'bg-blue-100 text-blue-900',
  ambient: 'bg-teal-100 text-teal-900',
  'ambient-l7': 'bg-violet-100 text-violet-900',
};

/** A namespace's migration state. */
export function StateBadge({ state }: { state: NamespaceState }) {
  return (
    <span
      className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${STYLE[state]}`}
      data-state={state}
    >
      {state}
    </span>
  );
}

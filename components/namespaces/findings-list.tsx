import type { NamespaceDetailView } from '@/lib/views/summary';

const STYLE = {
  blocker: 'border-red-200 bg-red-50 text-red-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  info: 'border-slate-200 bg-slate-50 text-slate-800',
} as const;

/** Preflight findings: what it means and how to fix it. */
export function FindingsList({ findings }: { findings: NamespaceDetailView['findings'] }) {
  if (findings.length === 0)
    return <p className="text-sm text-emerald-700">No blockers or warnings for this namespace.</p>;
  return (
    <section aria-label="Findings" className="space-y-2">
      <h2 className="font-medium">Findings</h2>
      <ul className="space-y-2">
        {findings.map((f) => (
          <li
            key={f.id}
            className={`rounded border p-3 text-sm ${STYLE[f.severity]}`}
            data-testid={`finding-${f.id}`}
            data-severity={f.severity}
          >
            <p>
              <span className="mr-2 text-xs font-semibold uppercase">{f.severity}</span>
              <code className="text-xs">{f.resource}</code>
            </p>
            <p className="mt-1">{f.message}</p>
            <p className="mt-1 text-xs opacity-80">Fix: {f.fix}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { NamespaceDetailView } from '@/lib/views/summary';

type Finding = NamespaceDetailView['findings'][number];

const STYLE = {
  blocker: 'border-red-200 bg-red-50 text-red-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  info: 'border-slate-200 bg-slate-50 text-slate-800',
} as const;

function FindingItem({ f }: { f: Finding }) {
  return (
    <li
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
      {f.step && (
        <p className="mt-1 text-xs opacity-80" data-testid="finding-step">
          Concerns step <code>{f.step}</code>
        </p>
      )}
    </li>
  );
}

/** Preflight findings: what it means and how to fix it. Notes (info) are folded away. */
export function FindingsList({ findings }: { findings: NamespaceDetailView['findings'] }) {
  if (findings.length === 0)
    return <p className="text-sm text-emerald-700">No blockers or warnings for this namespace.</p>;
  const important = findings.filter((f) => f.severity !== 'info');
  const notes = findings.filter((f) => f.severity === 'info');
  return (
    <section aria-label="Findings" className="space-y-2">
      <h2 className="font-medium">
        Findings{' '}
        <span className="text-sm font-normal text-slate-500">
          {findings.filter((f) => f.severity === 'blocker').length} blocker(s),{' '}
          {findings.filter((f) => f.severity === 'warning').length} warning(s), {notes.length} note(s)
        </span>
      </h2>
      <ul className="space-y-2">
        {important.map((f) => (
          <FindingItem key={f.id} f={f} />
        ))}
      </ul>
      {notes.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm text-slate-600">{notes.length} note(s)</summary>
          <ul className="mt-2 space-y-2">
            {notes.map((f) => (
              <FindingItem key={f.id} f={f} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

import type { SummaryView } from '@/lib/views/summary';

/** Says which kinds could not be read (missing CRD, forbidden), so the picture may be partial. */
export function IncompleteNotice({ items }: { items: SummaryView['incomplete'] }) {
  if (items.length === 0) return null;
  return (
    <section
      aria-label="Partial data"
      className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
    >
      <p className="font-medium">Some kinds could not be read; what follows may be incomplete.</p>
      <ul className="mt-1 list-disc pl-5">
        {items.map((i) => (
          <li key={i.kind}>
            {i.kind}: {i.state}
            {i.message ? ` — ${i.message}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

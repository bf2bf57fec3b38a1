/** Grey blocks shown while a page's data loads. */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div className="animate-pulse space-y-3" role="status" aria-busy="true" aria-label="Loading">
      <div className="h-7 w-64 rounded bg-slate-200" />
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
        <div key={i} className="h-10 rounded bg-slate-200" />
      ))}
    </div>
  );
}

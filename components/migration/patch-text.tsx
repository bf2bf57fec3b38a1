/** A unified diff (as `diff` prints it) with added and removed lines coloured. */
export function PatchText({ text, label }: { text: string; label: string }) {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <figure aria-label={label} className="m-0">
      <pre className="max-h-96 overflow-auto rounded border border-slate-200 font-mono text-xs leading-5">
        {lines.map((l, i) => {
          const cls =
            l.startsWith('+++') || l.startsWith('---') || l.startsWith('===') || l.startsWith('Index:')
              ? 'text-slate-400'
              : l.startsWith('@@')
                ? 'bg-slate-50 text-slate-500'
                : l.startsWith('+')
                  ? 'bg-emerald-50 text-emerald-900'
                  : l.startsWith('-')
                    ? 'bg-red-50 text-red-900'
                    : '';
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            <div key={i} className={`px-2 ${cls}`}>
              {l || ' '}
            </div>
          );
        })}
      </pre>
    </figure>
  );
}

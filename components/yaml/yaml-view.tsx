import { memo, type ReactNode } from 'react';
import { tokenizeYamlLine, type YamlToken } from '@/lib/views/yaml-tokens';

const CLS: Record<YamlToken['type'], string> = {
  key: 'text-sky-800',
  string: 'text-emerald-800',
  number: 'text-orange-700',
  bool: 'text-purple-700',
  comment: 'text-slate-400 italic',
  punct: 'text-slate-500',
  plain: '',
};

/** One highlighted YAML line. */
export const YamlLine = memo(function YamlLine({ line }: { line: string }) {
  return (
    <>
      {tokenizeYamlLine(line).map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: tokens of one line never reorder
        <span key={i} className={CLS[t.type]}>
          {t.text}
        </span>
      ))}
    </>
  );
});

/** A remark attached to one line of a YAML block (e.g. a conversion warning on the field it concerns). */
export interface YamlNote {
  line: number;
  key: string;
  content: ReactNode;
  className: string;
}

/** A block of YAML with syntax highlighting; `notes` are shown under the line they concern. */
export function YamlView({ text, label, notes = [] }: { text: string; label?: string; notes?: YamlNote[] }) {
  const lines = text.replace(/\n$/, '').split('\n');
  const byLine = new Map<number, YamlNote[]>();
  for (const n of notes) {
    const line = Math.min(Math.max(n.line, 0), lines.length - 1);
    byLine.set(line, [...(byLine.get(line) ?? []), n]);
  }
  return (
    <figure aria-label={label} className="m-0">
      <pre className="overflow-auto rounded bg-slate-50 p-2 font-mono text-xs leading-5">
        {lines.map((l, i) => {
          const here = byLine.get(i);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            <div key={i} className={here ? 'rounded bg-amber-100/60' : undefined} data-line={i}>
              <YamlLine line={l} />
              {here?.map((n) => (
                <div
                  key={n.key}
                  className={`my-0.5 whitespace-normal rounded border px-2 py-0.5 font-sans ${n.className}`}
                >
                  {n.content}
                </div>
              ))}
            </div>
          );
        })}
      </pre>
    </figure>
  );
}

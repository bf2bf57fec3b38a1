import { memo } from 'react';
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

/** A block of YAML with syntax highlighting. */
export function YamlView({ text, label }: { text: string; label?: string }) {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <figure aria-label={label} className="m-0">
      <pre className="overflow-auto rounded bg-slate-50 p-2 font-mono text-xs leading-5">
        {lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
          <div key={i}>
            <YamlLine line={l} />
          </div>
        ))}
      </pre>
    </figure>
  );
}

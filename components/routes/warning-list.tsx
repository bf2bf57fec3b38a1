import type { YamlNote } from '@/components/yaml/yaml-view';
import type { ConversionWarning } from '@/lib/convert';

const STYLE = {
  error: 'border-red-300 bg-red-50 text-red-900',
  warning: 'border-amber-300 bg-amber-50 text-amber-900',
  info: 'border-slate-200 bg-slate-50 text-slate-700',
} as const;

/** Conversion warnings with their field path. */
export function WarningList({ warnings }: { warnings: ConversionWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="space-y-1">
      {warnings.map((w) => (
        <li
          key={`${w.field}|${w.code}|${w.message}`}
          className={`rounded border px-2 py-1 text-xs ${STYLE[w.severity]}`}
          data-testid="conversion-warning"
          data-severity={w.severity}
          data-field={w.field}
        >
          <span className="font-semibold uppercase">{w.severity}</span> <code>{w.field}</code>: {w.message}
        </li>
      ))}
    </ul>
  );
}

/** A warning shown on the line of the rule's YAML it concerns. */
export function warningNote(w: ConversionWarning, line: number): YamlNote {
  return {
    line,
    key: `${w.field}|${w.code}|${w.message}`,
    className: STYLE[w.severity],
    content: (
      <span data-testid="conversion-warning" data-severity={w.severity} data-field={w.field}>
        <span className="font-semibold uppercase">{w.severity}</span> <code>{w.field}</code>: {w.message}
      </span>
    ),
  };
}

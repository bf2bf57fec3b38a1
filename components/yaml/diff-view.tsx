'use client';

import { useMemo } from 'react';
import { splitRows, unifiedRows } from '@/lib/views/diff-rows';
import { YamlLine } from './yaml-view';

const BG = { add: 'bg-emerald-50', del: 'bg-red-50', same: '' } as const;
const MARK = { add: '+', del: '-', same: ' ' } as const;

/** A YAML diff, unified or side by side, with highlighting. */
export function DiffView({
  before,
  after,
  mode,
  label,
}: {
  before: string;
  after: string;
  mode: 'unified' | 'split';
  label: string;
}) {
  const unified = useMemo(
    () => (mode === 'unified' ? unifiedRows(before, after) : []),
    [before, after, mode],
  );
  const split = useMemo(() => (mode === 'split' ? splitRows(before, after) : []), [before, after, mode]);
  if (mode === 'unified') {
    return (
      <figure aria-label={label} className="m-0">
        <pre
          className="overflow-auto rounded border border-slate-200 font-mono text-xs leading-5"
          data-testid="diff-unified"
        >
          {unified.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            <div key={i} className={`${BG[l.kind]} px-2`} data-diff={l.kind}>
              <span className="select-none pr-2 text-slate-400">{MARK[l.kind]}</span>
              <YamlLine line={l.text} />
            </div>
          ))}
        </pre>
      </figure>
    );
  }
  return (
    <figure
      className="m-0 grid grid-cols-2 overflow-auto rounded border border-slate-200 font-mono text-xs leading-5"
      aria-label={label}
      data-testid="diff-split"
    >
      {split.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <div key={i} className="contents">
          <div
            className={`border-r border-slate-200 px-2 whitespace-pre ${r.left ? BG[r.left.kind] : 'bg-slate-50'}`}
            data-diff={r.left?.kind ?? 'none'}
          >
            {r.left ? <YamlLine line={r.left.text} /> : ' '}
          </div>
          <div
            className={`px-2 whitespace-pre ${r.right ? BG[r.right.kind] : 'bg-slate-50'}`}
            data-diff={r.right?.kind ?? 'none'}
          >
            {r.right ? <YamlLine line={r.right.text} /> : ' '}
          </div>
        </div>
      ))}
    </figure>
  );
}

import { diffLines } from 'diff';

export interface UnifiedLine {
  kind: 'add' | 'del' | 'same';
  text: string;
}

export interface SplitRow {
  left?: { text: string; kind: 'del' | 'same' };
  right?: { text: string; kind: 'add' | 'same' };
}

function lines(v: string): string[] {
  const l = v.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** Line diff as one column (`-`/`+`/` `). */
export function unifiedRows(before: string, after: string): UnifiedLine[] {
  return diffLines(before, after).flatMap((c) =>
    lines(c.value).map(
      (text) => ({ kind: c.added ? 'add' : c.removed ? 'del' : 'same', text }) as UnifiedLine,
    ),
  );
}

/** Line diff as two aligned columns: removed lines on the left face the lines that replace them. */
export function splitRows(before: string, after: string): SplitRow[] {
  const rows: SplitRow[] = [];
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p) continue;
    if (!p.added && !p.removed) {
      for (const t of lines(p.value))
        rows.push({ left: { text: t, kind: 'same' }, right: { text: t, kind: 'same' } });
      continue;
    }
    const del = p.removed ? lines(p.value) : [];
    const next = p.removed ? parts[i + 1] : undefined;
    const add = p.added ? lines(p.value) : next?.added ? lines(next.value) : [];
    if (next?.added) i++;
    for (let j = 0; j < Math.max(del.length, add.length); j++) {
      const l = del[j];
      const r = add[j];
      rows.push({
        ...(l !== undefined ? { left: { text: l, kind: 'del' as const } } : {}),
        ...(r !== undefined ? { right: { text: r, kind: 'add' as const } } : {}),
      });
    }
  }
  return rows;
}

import { isMap, isPair, isScalar, isSeq, type Node, parseDocument } from 'yaml';

/** Splits a field path such as `fault.abort` or `match[0].uri.prefix` into keys and indexes. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

/** `spec.http[1].fault` relative to `spec.http[1]` is `fault`; undefined when not under it. */
export function relativeField(field: string, base: string): string | undefined {
  if (field === base) return '';
  if (field.startsWith(`${base}.`)) return field.slice(base.length + 1);
  if (field.startsWith(`${base}[`)) return field.slice(base.length);
  return undefined;
}

/**
 * The 0-based line of `text` (a YAML document) that holds `path`: the line of its key in a map,
 * of its item in a list. The deepest part of the path that exists counts; line 0 for the root.
 */
export function lineOfPath(text: string, path: readonly (string | number)[]): number {
  const doc = parseDocument(text, { keepSourceTokens: false });
  let node: unknown = doc.contents;
  let offset = 0;
  for (const seg of path) {
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return text.slice(0, offset).split('\n').length - 1;
}

/** Reads `path` of a plain object (`spec.rules[0]`). */
export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const seg of parseFieldPath(path)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

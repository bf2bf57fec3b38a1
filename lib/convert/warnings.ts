import type { ConversionWarning, Severity } from './types';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key or index to a field path: `.key`, `[3]`, or `["x-user"]` for other keys. */
export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (IDENT.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Splits a field path made by {@link fieldPath} into keys and indexes; undefined when malformed. */
export function parseFieldPath(path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
      continue;
    }
    if (ch === '[') {
      const close = path[i + 1] === '"' ? findStringEnd(path, i + 1) + 1 : path.indexOf(']', i);
      if (close <= i || path[close] !== ']') return undefined;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else {
        try {
          const key: unknown = JSON.parse(inner);
          if (typeof key !== 'string') return undefined;
          out.push(key);
        } catch {
          return undefined;
        }
      }
      i = close + 1;
      continue;
    }
    const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(path.slice(i));
    if (!m) return undefined;
    out.push(m[0]);
    i += m[0].length;
  }
  return out;
}

function findStringEnd(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

/** The value a field path points at in `obj`; undefined when any step is missing. */
export function resolveFieldPath(obj: unknown, path: string): unknown {
  const keys = parseFieldPath(path);
  if (!keys) return undefined;
  let cur: unknown = obj;
  for (const k of keys) {
    if (typeof k === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[k];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, k))
        return undefined;
      cur = (cur as Record<string, unknown>)[k];
    }
  }
  return cur;
}

/** Collects warnings about one source object. */
export interface Reporter {
  readonly resource: string;
  add(severity: Severity, field: string, code: string, message: string): void;
}

export function createReporter(resource: string, out: ConversionWarning[]): Reporter {
  return {
    resource,
    add(severity, field, code, message) {
      out.push({ resource, field, severity, code, message });
    },
  };
}

/** Drops exact duplicates, keeping first occurrences in order. */
export function dedupeWarnings(list: ConversionWarning[]): ConversionWarning[] {
  const seen = new Set<string>();
  return list.filter((w) => {
    const key = `${w.resource}\n${w.field}\n${w.code}\n${w.severity}\n${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

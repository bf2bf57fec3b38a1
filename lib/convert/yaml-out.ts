import { stringify } from 'yaml';

/**
 * A YAML writer for JSON-shaped values (what generated Kubernetes objects are): the layout of
 * `yaml`'s `stringify` with `lineWidth: 0` (2-space indent, sequences indented under their key),
 * at a fraction of its cost on large outputs. Scalars that are not plainly safe are quoted by
 * `yaml` itself (or JSON-quoted when `yaml` would write a block scalar), so parsing the output
 * gives back the input. Verified against `yaml` in yaml-out.test.ts.
 */

/** Plain in YAML 1.2 and never read back as anything but that string. */
const SAFE_PLAIN = /^[A-Za-z/][A-Za-z0-9_./-]*$/;
/** Plain-safe characters but a YAML 1.1/1.2 keyword: let `yaml` decide. */
const KEYWORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

const quoted = new Map<string, string>();

function scalarString(s: string): string {
  if (SAFE_PLAIN.test(s) && !KEYWORDS.test(s)) return s;
  const cached = quoted.get(s);
  if (cached !== undefined) return cached;
  const out = stringify(s, { lineWidth: 0 }).replace(/\n$/, '');
  const line = out.includes('\n') ? JSON.stringify(s) : out;
  if (quoted.size < 10_000) quoted.set(s, line);
  return line;
}

function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return scalarString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : scalarString(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (typeof v === 'object') return Object.keys(v).length === 0 ? '{}' : undefined;
  return scalarString(String(v));
}

function entries(o: object): [string, unknown][] {
  return Object.entries(o).filter(([, v]) => v !== undefined);
}

/** Writes `value` (a non-empty map or sequence) with its lines indented by `indent`. */
function block(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = scalar(item);
      if (s !== undefined) {
        out.push(`${indent}- ${s}\n`);
        continue;
      }
      // The first line of a nested block goes after the dash, the rest indented under it.
      const inner: string[] = [];
      block(item, `${indent}  `, inner);
      const first = inner[0] ?? '';
      inner[0] = `${indent}- ${first.slice(indent.length + 2)}`;
      for (const l of inner) out.push(l);
    }
    return;
  }
  for (const [k, v] of entries(value as object)) {
    const key = scalarString(k);
    const s = scalar(v);
    if (s !== undefined) out.push(`${indent}${key}: ${s}\n`);
    else {
      out.push(`${indent}${key}:\n`);
      block(v, `${indent}  `, out);
    }
  }
}

/** One document: the YAML of a JSON-shaped value, ending in a newline. */
export function toYaml(value: unknown): string {
  const s = scalar(value);
  if (s !== undefined) return `${s}\n`;
  const out: string[] = [];
  block(value, '', out);
  return out.join('');
}

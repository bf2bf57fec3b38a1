/** Readers from untyped specs (YAML input) to typed shapes; wrongly typed fields are dropped. */

export type Rec = Record<string, unknown>;

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

export function list<T>(v: unknown, read: (x: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  // Keeps indexes aligned with the source: an unreadable item becomes an empty one, not a gap.
  return v.map((x) => read(x) ?? ({} as T));
}

export function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  // Same index alignment: a non-string item reads as '' and is reported where it is used.
  return v.map((x) => (typeof x === 'string' ? x : ''));
}

export function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

export function rec<T>(v: unknown, read: (r: Rec) => T): T | undefined {
  return isRecord(v) ? read(v) : undefined;
}

/**
 * `o` without its undefined members, so that `'key' in obj` means "present in the source". A new
 * object: deleting members would turn `o` into a slow, several times larger dictionary object, and
 * readers' results are kept for every Istio object of the cluster.
 */
export function compact<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

/** Narrow, allocation-free readers for the loosely typed `spec`/`status` of Kubernetes objects. */

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function rec(v: unknown): Json | undefined {
  return isRecord(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Reads a string map (labels, selectors) and drops non-string values. */
export function strMap(v: unknown): Record<string, string> | undefined {
  const r = rec(v);
  if (!r) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(r)) if (typeof val === 'string') out[k] = val;
  return out;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** `status.conditions` of any object, typed. */
export function conditionsOf(status: unknown): Condition[] {
  const out: Condition[] = [];
  for (const c of arr(rec(status)?.conditions)) {
    const r = rec(c);
    const type = str(r?.type);
    const st = str(r?.status);
    if (r && type && st) out.push({ type, status: st, reason: str(r.reason), message: str(r.message) });
  }
  return out;
}

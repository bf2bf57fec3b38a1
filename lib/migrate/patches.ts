/** JSON merge patch (RFC 7386) helpers: applying, inverting and diffing. Pure. */
import type { KubeObject } from '../k8s/objects';
import { isRecord } from '../mesh/fields';

type Json = Record<string, unknown>;

/** Applies a merge patch to a value (RFC 7386): objects merge, `null` removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Json = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/**
 * The merge patch that undoes `patch` on an object that was `prior` before it: every key the patch
 * touched goes back to its prior value, or `null` when it did not exist. Keys it did not touch stay.
 */
export function inverseMergePatch(patch: Json, prior: unknown): Json {
  const p = isRecord(prior) ? prior : {};
  const out: Json = {};
  for (const [k, v] of Object.entries(patch)) {
    const before = p[k];
    if (isRecord(v) && (before === undefined || isRecord(before))) out[k] = inverseMergePatch(v, before);
    else out[k] = before === undefined ? null : structuredClone(before);
  }
  return out;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The merge patch turning `from` into `to` (objects recursively; arrays and scalars replaced); `{}` when equal. */
export function diffMergePatch(from: unknown, to: unknown): Json {
  const f = isRecord(from) ? from : {};
  const t = isRecord(to) ? to : {};
  const out: Json = {};
  for (const k of Object.keys(f)) if (!(k in t)) out[k] = null;
  for (const [k, v] of Object.entries(t)) {
    const before = f[k];
    if (isRecord(v) && isRecord(before)) {
      const sub = diffMergePatch(before, v);
      if (Object.keys(sub).length) out[k] = sub;
    } else if (!equal(before, v)) {
      out[k] = structuredClone(v);
    }
  }
  return out;
}

// The parts of an object a user (not the API server) owns; restoring touches nothing else.
const USER_TOP_LEVEL = ['spec', 'data', 'binaryData', 'stringData'];

/** The merge patch that restores `prior`'s labels, annotations and spec/data on `current`; `{}` when nothing differs. */
export function restorePatch(current: KubeObject, prior: KubeObject): Json {
  const pick = (o: KubeObject): Json => {
    const out: Json = {
      metadata: { labels: o.metadata.labels ?? {}, annotations: o.metadata.annotations ?? {} },
    };
    for (const k of USER_TOP_LEVEL) if (o[k] !== undefined) out[k] = o[k];
    return out;
  };
  return diffMergePatch(pick(current), pick(prior));
}

/** Leaf paths of a merge patch (`metadata.labels.istio.io/rev`), for summaries. */
export function patchPaths(patch: Json, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isRecord(v) && Object.keys(v).length) out.push(...patchPaths(v, path));
    else out.push(path);
  }
  return out;
}

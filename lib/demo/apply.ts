/**
 * Pure merge semantics of the demo cluster's writes: server-side-apply-like merge with coarse
 * field ownership, and RFC 7386 JSON merge patch.
 */
import { deepEqual, type KubeObject } from '../k8s/objects';

/** A field path, e.g. `['metadata', 'labels', 'istio.io/rev']`. */
export type FieldPath = string[];

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges `applied` into `base`: maps merge key by key, lists and scalars are replaced, `null`
 * values are ignored. Neither input is modified.
 */
export function mergeApply(base: unknown, applied: unknown): unknown {
  if (!isPlainObject(applied) || !isPlainObject(base)) return structuredClone(applied);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(applied)) {
    if (v === null || v === undefined) continue;
    out[k] = k in base ? mergeApply(base[k], v) : structuredClone(v);
  }
  return out;
}

/** RFC 7386 JSON merge patch: maps merge, `null` deletes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function getPath(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Paths of every leaf: scalars and lists (lists are atomic, as in the coarse model here). */
export function leafPaths(v: unknown, prefix: FieldPath = []): FieldPath[] {
  if (!isPlainObject(v)) return v === undefined || v === null ? [] : [prefix];
  const keys = Object.keys(v);
  if (keys.length === 0 && prefix.length > 0) return [prefix];
  return keys.flatMap((k) => leafPaths(v[k], [...prefix, k]));
}

// Set by the server or by controllers, never owned by a writer.
const SYSTEM_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'generateName',
]);

/** Leaf paths a field manager can own: everything but apiVersion, kind, status and system metadata. */
export function ownedPaths(obj: KubeObject): FieldPath[] {
  const out: FieldPath[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'status') continue;
    if (k === 'metadata' && isPlainObject(v)) {
      for (const [mk, mv] of Object.entries(v))
        if (!SYSTEM_META.has(mk)) out.push(...leafPaths(mv, ['metadata', mk]));
      continue;
    }
    out.push(...leafPaths(v, [k]));
  }
  return out;
}

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/** `.spec.template.metadata.labels.app`, the form kubectl prints. */
export function formatPath(path: FieldPath): string {
  return `.${path.join('.')}`;
}

/** Field path → manager name. */
export type FieldOwners = Map<string, string>;

function ownersAt(owners: ReadonlyMap<string, string>, path: FieldPath): string[] {
  for (let n = path.length; n > 0; n--) {
    const m = owners.get(pathKey(path.slice(0, n)));
    if (m) return [m];
  }
  // The applied leaf replaces a subtree: everyone who owns part of it is affected.
  const prefix = pathKey(path).slice(0, -1);
  return [...owners].filter(([k]) => k.startsWith(`${prefix},`)).map(([, m]) => m);
}

export interface FieldConflict {
  manager: string;
  field: string;
}

/** Fields `applied` would change that another manager owns. */
export function findConflicts(
  current: KubeObject,
  owners: ReadonlyMap<string, string>,
  applied: KubeObject,
  manager: string,
): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const path of ownedPaths(applied)) {
    const before = getPath(current, path);
    if (before === undefined || deepEqual(before, getPath(applied, path))) continue;
    for (const m of new Set(ownersAt(owners, path))) {
      if (m !== manager) out.push({ manager: m, field: formatPath(path) });
    }
  }
  return out;
}

/**
 * Ownership after a write: `manager` takes the fields it changed (and `claimed` ones), fields that
 * no longer exist lose their owner. Returns a new map.
 */
export function updateOwners(
  owners: ReadonlyMap<string, string>,
  prev: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  claimed: FieldPath[] = [],
): FieldOwners {
  const out: FieldOwners = new Map();
  for (const [k, m] of owners) {
    const path = JSON.parse(k) as FieldPath;
    if (getPath(next, path) !== undefined) out.set(k, m);
  }
  for (const path of ownedPaths(next)) {
    if (!prev || !deepEqual(getPath(prev, path), getPath(next, path))) out.set(pathKey(path), manager);
  }
  for (const path of claimed) if (getPath(next, path) !== undefined) out.set(pathKey(path), manager);
  return out;
}

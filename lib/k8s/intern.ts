import { deepEqual } from './objects';

/**
 * One copy of each repeated value in the cache. Every object parsed from a list or watch has its
 * own copies of values most objects share (label values, images, owner kinds and names, condition
 * types, annotations, creation times); at 50,000 pods they are a quarter of the cached strings.
 * Values unique to an object (its name, uid, resource version, addresses) are left alone.
 *
 * Beyond strings, the parts that pods of one ReplicaSet have in common once reduced (labels,
 * annotations, owner references, containers, conditions, selectors) are shared: equal parts of
 * different objects become one frozen object. Nothing that reads them changes; a write to one
 * throws instead of changing every object that shares it (cached objects are never written).
 *
 * Both tables are bounded: when full they start over, and objects keep what they were given.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();
  private readonly parts = new Map<string, unknown>();
  private readonly built = new Map<number, object>();

  constructor(
    private readonly maxEntries = 100_000,
    private readonly maxLength = 1024,
  ) {}

  get size(): number {
    return this.pool.size;
  }

  /** How many distinct shared parts the table holds. */
  get partCount(): number {
    return this.parts.size;
  }

  /** The pool's copy of `s` (adding it when new). */
  string(s: string): string {
    if (s.length > this.maxLength) return s;
    const hit = this.pool.get(s);
    if (hit !== undefined) return hit;
    if (this.pool.size >= this.maxEntries) this.pool.clear();
    this.pool.set(s, s);
    return s;
  }

  /**
   * One copy of a part built while reading an object (a decoded pod's labels, containers,
   * conditions), kept under `digest`, a hash of what it was built from: the part found under it is
   * given when equal to `value`; otherwise `value`, its strings pooled and frozen, takes the place.
   * Parts shared as they are read never become garbage in the long-lived heap, as parts shared by a
   * later pass do.
   */
  shared<T extends object>(digest: number, value: T): T {
    const hit = this.built.get(digest);
    if (hit !== undefined && deepEqual(hit, value)) return hit as T;
    if (this.built.size >= this.maxEntries) this.built.clear();
    this.walk(value, undefined, 0);
    const frozen = deepFreeze(value);
    this.built.set(digest, frozen);
    return frozen;
  }

  /**
   * Replaces, in place, every string value of a freshly parsed object with the pool's copy (equal
   * strings, so nothing anyone reads changes). Returns the object.
   */
  object<T>(value: T): T {
    this.walk(value, undefined, 0);
    return value;
  }

  private queue: unknown[][] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Pools the strings of `objects` later: in slices, once no other batch has come for `quietMs`.
   * A start lists the whole cluster at once; pooling is left until the lists and the first summary
   * are done, so it does not delay them. Objects are read as they are meanwhile (nothing changes but
   * which copy of a string they hold).
   */
  later(objects: unknown[], quietMs = 10_000): void {
    if (objects.length === 0) return;
    this.queue.push(objects);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), quietMs);
    this.timer.unref?.();
  }

  private async drain(): Promise<void> {
    this.timer = undefined;
    const SLICE_MS = 5;
    let start = performance.now();
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      for (const o of batch) {
        this.object(o);
        if (performance.now() - start > SLICE_MS) {
          await new Promise<void>((r) => setImmediate(r));
          start = performance.now();
        }
      }
    }
  }

  private walk(v: unknown, key: string | undefined, depth: number): unknown {
    if (typeof v === 'string') return key !== undefined && UNIQUE.has(key) && depth <= 2 ? v : this.string(v);
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
    if (depth > 0 && !Array.isArray(v) && isEmpty(v)) return EMPTY;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.walk(v[i], undefined, depth + 1);
    } else {
      const o = v as Record<string, unknown>;
      for (const k in o) o[k] = this.walk(o[k], k, depth + 1);
    }
    return key !== undefined && SHARED.has(key) ? this.part(v) : v;
  }

  /** The table's copy of a part equal to `v` (whose strings are pooled already), frozen. */
  private part(v: object): unknown {
    const id = JSON.stringify(v);
    if (id.length > 16 * this.maxLength) return v;
    const hit = this.parts.get(id);
    if (hit !== undefined) return hit;
    if (this.parts.size >= this.maxEntries / 10) this.parts.clear();
    this.parts.set(id, deepFreeze(v));
    return v;
  }
}

/** The pool of the object caches: owner names, labels and images repeat across kinds. */
export const cacheStrings = new StringPool();

// Empty objects (`status: {}`, `securityContext: {}`, `loadBalancer: {}`) are one, frozen.
const EMPTY = Object.freeze({});

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return Object.getPrototypeOf(o) === Object.prototype;
}

function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
}

// Parts that objects of one template have in common (pods of a ReplicaSet, ReplicaSets of a Deployment).
const SHARED = new Set([
  'labels',
  'annotations',
  'ownerReferences',
  'containers',
  'initContainers',
  'conditions',
  'selector',
  'matchLabels',
]);

// Fields unique to one object, at the top of an object or its metadata/status.
const UNIQUE = new Set(['name', 'uid', 'resourceVersion', 'podIP', 'hostIP', 'clusterIP']);

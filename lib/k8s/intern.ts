/**
 * One copy of each repeated string in the cache. Every object parsed from a list or watch has its
 * own copies of values most objects share (label values, images, owner kinds and names, condition
 * types, annotations, creation times); at 50,000 pods they are a quarter of the cached strings.
 * Values unique to an object (its name, uid, resource version, addresses) are left alone. The
 * table is bounded: when full it starts over, and objects keep the copies they were given.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  constructor(
    private readonly maxEntries = 100_000,
    private readonly maxLength = 1024,
  ) {}

  get size(): number {
    return this.pool.size;
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
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.walk(v[i], undefined, depth + 1);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) o[k] = this.walk(o[k], k, depth + 1);
    return o;
  }
}

// Fields unique to one object, at the top of an object or its metadata/status.
const UNIQUE = new Set(['name', 'uid', 'resourceVersion', 'podIP', 'hostIP', 'clusterIP']);

import 'server-only';
import { FULL_ACCESS, filterSnapshot, type UserAccess } from '../auth/access';
import type { ClusterSnapshot } from '../cluster/snapshot';
import {
  type AccessCheck,
  type AccessResult,
  assertWritable,
  type ClusterInfo,
  type ClusterSource,
  type Identity,
  type WriteOptions,
} from '../cluster/source';
import type { KindDescriptor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { processWide } from '../model/process-wide';
import type { TelemetrySource } from '../telemetry/source';

export interface UserSourceOptions {
  /** The shared list+watch cache every user reads from. */
  shared: ClusterSource;
  /** Sends writes, dry runs, reads of single objects and access reviews as the user. */
  actor: ClusterSource;
  access: UserAccess;
  /** Why writes are refused for this user now (server policy or the session's own switch). */
  readOnlyReason?: string;
  /** Cache key of the filtered snapshot (the user's name and groups). */
  userKey: string;
}

// Access reviews per user and question (see UserClusterSource.canI): fresh for 10 s; for a minute
// after that the last answer is given at once while the review is asked again in the background.
const REVIEW_FRESH_MS = 10_000;
const REVIEW_STALE_MS = 60_000;
const REVIEW_LIMIT = 10_000;

interface Review {
  at: number;
  result: Promise<AccessResult>;
  answered?: boolean;
  refreshing?: boolean;
}

const reviewsByCluster = processWide('user:reviews', () => new WeakMap<ClusterSource, Map<string, Review>>());

// One filtered snapshot per user and cache revision: a page's many reads filter once.
const filtered = processWide(
  'user:filtered-snapshots',
  () => new WeakMap<ClusterSnapshot, Map<string, ClusterSnapshot>>(),
);

function filteredFor(snap: ClusterSnapshot, key: string, access: UserAccess): ClusterSnapshot {
  if (access.all) return snap;
  let perUser = filtered.get(snap);
  if (!perUser) {
    perUser = new Map();
    filtered.set(snap, perUser);
  }
  let out = perUser.get(key);
  if (!out) {
    out = filterSnapshot(snap, access);
    perUser.set(key, out);
  }
  return out;
}

/**
 * One user's view of the cluster: reads from the shared cache, filtered to what their RBAC lets
 * them list; everything that goes to the API server (writes, dry runs, `get`, SSAR, SSR) goes as
 * them. Read-only (policy or session) refuses writes with 403 but lets dry runs through.
 */
export class UserClusterSource implements ClusterSource {
  constructor(private readonly o: UserSourceOptions) {}

  /** What this user may list (the filter of {@link snapshot}). */
  get access(): UserAccess {
    return this.o.access;
  }

  /** The shared cache this view reads from (the background summary is kept per shared source). */
  get shared(): ClusterSource {
    return this.o.shared;
  }

  info(): ClusterInfo {
    const base = this.o.shared.info();
    if (base.readOnly || !this.o.readOnlyReason) return base;
    return { ...base, readOnly: true, readOnlyReason: this.o.readOnlyReason };
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  snapshot(): ClusterSnapshot {
    return filteredFor(this.o.shared.snapshot(), this.o.userKey, this.o.access);
  }
  subscribe(listener: Parameters<ClusterSource['subscribe']>[0]): () => void {
    return this.o.shared.subscribe(listener);
  }
  private guard(opts: WriteOptions | undefined, what: string): void {
    if (this.o.readOnlyReason) assertWritable(true, opts, `${this.o.readOnlyReason}: ${what} not sent`);
  }
  apply(obj: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    this.guard(opts, `apply of ${obj.kind}/${obj.metadata.name}`);
    return this.o.actor.apply(obj, opts);
  }
  mergePatch(
    d: KindDescriptor,
    namespace: string | undefined,
    name: string,
    patch: Record<string, unknown>,
    opts?: WriteOptions,
  ): Promise<KubeObject> {
    this.guard(opts, `patch of ${d.kind}/${name}`);
    return this.o.actor.mergePatch(d, namespace, name, patch, opts);
  }
  create(obj: KubeObject, opts?: WriteOptions): Promise<KubeObject> {
    this.guard(opts, `create of ${obj.kind}/${obj.metadata.name}`);
    return this.o.actor.create(obj, opts);
  }
  delete(d: KindDescriptor, namespace: string | undefined, name: string, opts?: WriteOptions): Promise<void> {
    this.guard(opts, `delete of ${d.kind}/${name}`);
    return this.o.actor.delete(d, namespace, name, opts);
  }
  get(d: KindDescriptor, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    return this.o.actor.get(d, namespace, name);
  }
  /**
   * A SelfSubjectAccessReview as the user, its answer reused for a few seconds (and, for a minute,
   * given while it is asked again): pages ask the same questions on every load. Only for display:
   * every write still goes to the API server as the user.
   */
  async canI(check: AccessCheck): Promise<AccessResult> {
    const write = !['get', 'list', 'watch'].includes(check.verb);
    if (write && this.o.readOnlyReason) return { allowed: false, reason: this.o.readOnlyReason };
    if (check.namespace) {
      // Allowed in every namespace (a ClusterRoleBinding) answers for each one: one review for all.
      const { namespace: _ns, ...everywhere } = check;
      const wide = await this.review(everywhere).catch(() => undefined);
      if (wide?.allowed) return wide;
    }
    return this.review(check);
  }

  private review(check: AccessCheck): Promise<AccessResult> {
    const key = `${this.o.userKey}\u0000${JSON.stringify(check)}`;
    const now = Date.now();
    let reviews = reviewsByCluster.get(this.o.shared);
    if (!reviews) {
      reviews = new Map();
      reviewsByCluster.set(this.o.shared, reviews);
    }
    const hit = reviews.get(key);
    if (hit && now - hit.at < REVIEW_FRESH_MS) return hit.result;
    if (hit?.answered && now - hit.at < REVIEW_STALE_MS) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const next = this.o.actor.canI(check);
        next.then(
          () => reviews.set(key, { at: Date.now(), result: next, answered: true }),
          () => {
            hit.refreshing = false;
          },
        );
      }
      return hit.result;
    }
    const entry: Review = { at: now, result: this.o.actor.canI(check) };
    reviews.set(key, entry);
    entry.result.then(
      () => {
        entry.answered = true;
      },
      () => reviews.delete(key),
    );
    if (reviews.size > REVIEW_LIMIT)
      for (const [k, e] of reviews) if (now - e.at >= REVIEW_STALE_MS) reviews.delete(k);
    return entry.result;
  }
  whoAmI(): Promise<Identity> {
    return this.o.actor.whoAmI();
  }
  /** The shared source's own metrics (the demo's); the graph maps them onto this user's nodes only. */
  telemetry(): TelemetrySource | undefined {
    return this.o.shared.telemetry?.();
  }
}

export { FULL_ACCESS };

import 'server-only';
import { listableKinds, type ResourceRule, type UserAccess } from '../auth/access';
import { KINDS, type KindDescriptor, type KindKey } from '../k8s/kinds';
import type { RestClient } from '../k8s/rest';

/** How long one user's access is reused before it is asked again. */
const TTL_MS = 30_000;
/** Parallel reviews per lookup: enough to be quick, few enough to be gentle on the API server. */
const CONCURRENCY = 8;

interface Entry {
  at: number;
  namespaces: string;
  names: ReadonlySet<string>;
  access: Promise<UserAccess>;
}

const g = globalThis as typeof globalThis & { __meshMigratorAccess?: Map<string, Entry> };
g.__meshMigratorAccess ??= new Map();
const cache = g.__meshMigratorAccess;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function canList(
  rest: RestClient,
  group: string,
  resource: string,
  namespace?: string,
): Promise<boolean> {
  const r = await rest.request<{ status?: { allowed?: boolean } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'list', group, resource, ...(namespace ? { namespace } : {}) } },
      },
    },
  );
  return r.status?.allowed === true;
}

async function rulesIn(
  rest: RestClient,
  namespace: string,
): Promise<{ rules: ResourceRule[]; incomplete: boolean }> {
  const r = await rest.request<{ status?: { resourceRules?: ResourceRule[]; incomplete?: boolean } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } } },
  );
  return { rules: r.status?.resourceRules ?? [], incomplete: r.status?.incomplete === true };
}

/** The namespaced kinds of `kinds` the user may list in `ns` (SSARs where the rules are incomplete). */
async function kindsIn(
  rest: RestClient,
  ns: string,
  kinds: readonly KindDescriptor[],
): Promise<Set<KindKey>> {
  const { rules, incomplete } = await rulesIn(rest, ns);
  const listable = listableKinds(rules, kinds);
  if (incomplete) {
    const missing = kinds.filter((k) => !listable.has(k.key));
    const ok = await mapLimit(missing, CONCURRENCY, (k) => canList(rest, k.group, k.plural, ns));
    for (const [i, k] of missing.entries()) if (ok[i]) listable.add(k.key);
  }
  return listable;
}

/** Namespaced kinds not listable cluster-wide: the ones asked namespace by namespace. */
const perNamespaceKinds = (clusterWide: ReadonlySet<KindKey>) =>
  KINDS.filter((k) => k.namespaced && !clusterWide.has(k.key));

/** `access` with the namespaces of `ask` looked up and those no longer in `namespaces` dropped. */
async function withNamespaces(
  rest: RestClient,
  access: UserAccess,
  namespaces: readonly string[],
  ask: readonly string[],
): Promise<UserAccess> {
  if (access.all) return access;
  const kinds = perNamespaceKinds(access.clusterWide);
  const asked = await mapLimit(ask, CONCURRENCY, async (ns) => [ns, await kindsIn(rest, ns, kinds)] as const);
  const present = new Set(namespaces);
  const perNamespace = new Map([...access.perNamespace].filter(([ns]) => present.has(ns)));
  for (const [ns, k] of asked) if (k.size > 0) perNamespace.set(ns, k);
  return { all: false, clusterWide: access.clusterWide, perNamespace };
}

/**
 * What the user behind `rest` may list, asked of the API server as that user: a
 * SelfSubjectAccessReview per kind cluster-wide, then, for kinds not listable cluster-wide, a
 * SelfSubjectRulesReview per namespace of the cache (SSARs where the rules are incomplete).
 */
export async function lookupAccess(rest: RestClient, namespaces: readonly string[]): Promise<UserAccess> {
  return namespacedAccess(rest, await clusterWideKinds(rest), namespaces);
}

/** The kinds the user may list cluster-wide: one SelfSubjectAccessReview per kind. */
async function clusterWideKinds(rest: RestClient): Promise<Set<KindKey>> {
  const wide = await mapLimit(KINDS, CONCURRENCY, (k) => canList(rest, k.group, k.plural));
  return new Set<KindKey>(KINDS.filter((_, i) => wide[i]).map((k) => k.key));
}

function namespacedAccess(
  rest: RestClient,
  clusterWide: Set<KindKey>,
  namespaces: readonly string[],
): Promise<UserAccess> | UserAccess {
  if (perNamespaceKinds(clusterWide).length === 0) return { all: true, clusterWide, perNamespace: new Map() };
  return withNamespaces(rest, { all: false, clusterWide, perNamespace: new Map() }, namespaces, namespaces);
}

const sameKinds = (a: ReadonlySet<KindKey>, b: ReadonlySet<KindKey>) =>
  a.size === b.size && [...a].every((k) => b.has(k));

/**
 * An answer past its TTL asked again. The cluster-wide reviews are awaited (a revoked token or a
 * changed ClusterRoleBinding shows at once); when they answer as before, the per-namespace answers
 * are served from the last answer while every namespace is asked again in the background, so a
 * restricted user's request at 2,000 namespaces waits for ~30 reviews, not 2,000.
 */
async function refreshed(
  userKey: string,
  rest: RestClient,
  last: Entry,
  namespaces: readonly string[],
): Promise<UserAccess> {
  const prev = await last.access;
  const clusterWide = await clusterWideKinds(rest);
  if (prev.all || !sameKinds(clusterWide, prev.clusterWide))
    return namespacedAccess(rest, clusterWide, namespaces);
  const served = await withNamespaces(
    rest,
    prev,
    namespaces,
    namespaces.filter((ns) => !last.names.has(ns)),
  );
  const entry = cache.get(userKey);
  void withNamespaces(rest, { ...served, perNamespace: new Map() }, namespaces, namespaces).then(
    (fresh) => {
      if (entry && cache.get(userKey) === entry) entry.access = Promise.resolve(fresh);
    },
    () => {
      if (entry && cache.get(userKey) === entry) cache.delete(userKey);
    },
  );
  return served;
}

/**
 * `lookupAccess`, reused for a short while per user. Namespaces created meanwhile are looked up on
 * their own (at 2,000 namespaces a new one costs one review, not two thousand); once the answer is
 * older than the TTL it is asked again (see {@link refreshed}).
 */
export function cachedAccess(
  userKey: string,
  rest: RestClient,
  namespaces: readonly string[],
): Promise<UserAccess> {
  const now = Date.now();
  const nsKey = namespaces.join(',');
  const hit = cache.get(userKey);
  if (hit && now - hit.at < TTL_MS && hit.namespaces === nsKey) return hit.access;
  let access: Promise<UserAccess>;
  let at = now;
  if (hit && now - hit.at < TTL_MS) {
    const known = hit.names;
    const added = namespaces.filter((ns) => !known.has(ns));
    access = hit.access.then((prev) => withNamespaces(rest, prev, namespaces, added));
    at = hit.at;
  } else if (hit) access = refreshed(userKey, rest, hit, namespaces);
  else access = lookupAccess(rest, namespaces);
  cache.set(userKey, { at, namespaces: nsKey, names: new Set(namespaces), access });
  // A failed lookup is not kept: the next request asks again.
  access.catch(() => cache.delete(userKey));
  if (cache.size > 1000) for (const [k, e] of cache) if (now - e.at >= TTL_MS) cache.delete(k);
  return access;
}

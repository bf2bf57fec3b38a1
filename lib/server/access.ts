import 'server-only';
import { listableKinds, type ResourceRule, type UserAccess } from '../auth/access';
import { KINDS, type KindKey } from '../k8s/kinds';
import type { RestClient } from '../k8s/rest';

/** How long one user's access is reused before it is asked again. */
const TTL_MS = 30_000;
/** Parallel reviews per lookup: enough to be quick, few enough to be gentle on the API server. */
const CONCURRENCY = 8;

interface Entry {
  at: number;
  namespaces: string;
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

/**
 * What the user behind `rest` may list, asked of the API server as that user: a
 * SelfSubjectAccessReview per kind cluster-wide, then, for kinds not listable cluster-wide, a
 * SelfSubjectRulesReview per namespace of the cache (SSARs where the rules are incomplete).
 */
export async function lookupAccess(rest: RestClient, namespaces: readonly string[]): Promise<UserAccess> {
  const wide = await mapLimit(KINDS, CONCURRENCY, (k) => canList(rest, k.group, k.plural));
  const clusterWide = new Set<KindKey>(KINDS.filter((_, i) => wide[i]).map((k) => k.key));
  const remaining = KINDS.filter((k) => k.namespaced && !clusterWide.has(k.key));
  if (remaining.length === 0) return { all: true, clusterWide, perNamespace: new Map() };
  const perNs = await mapLimit(namespaces, CONCURRENCY, async (ns) => {
    const { rules, incomplete } = await rulesIn(rest, ns);
    const kinds = listableKinds(rules, remaining);
    if (incomplete) {
      const missing = remaining.filter((k) => !kinds.has(k.key));
      const ok = await mapLimit(missing, CONCURRENCY, (k) => canList(rest, k.group, k.plural, ns));
      for (const [i, k] of missing.entries()) if (ok[i]) kinds.add(k.key);
    }
    return [ns, kinds] as const;
  });
  return { all: false, clusterWide, perNamespace: new Map(perNs.filter(([, k]) => k.size > 0)) };
}

/** `lookupAccess`, reused for a short while per user and per set of namespaces. */
export function cachedAccess(
  userKey: string,
  rest: RestClient,
  namespaces: readonly string[],
): Promise<UserAccess> {
  const now = Date.now();
  const nsKey = namespaces.join(',');
  const hit = cache.get(userKey);
  if (hit && now - hit.at < TTL_MS && hit.namespaces === nsKey) return hit.access;
  const access = lookupAccess(rest, namespaces);
  cache.set(userKey, { at: now, namespaces: nsKey, access });
  // A failed lookup is not kept: the next request asks again.
  access.catch(() => cache.delete(userKey));
  if (cache.size > 1000) for (const [k, e] of cache) if (now - e.at >= TTL_MS) cache.delete(k);
  return access;
}

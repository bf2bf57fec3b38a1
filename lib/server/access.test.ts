import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestClient } from '../k8s/rest';
import { cachedAccess, lookupAccess } from './access';

/** An API server that answers access reviews: nothing cluster-wide, pods in the namespaces given. */
function reviews(
  podsIn: string[],
  server: { revoked?: () => boolean; namespacesWait?: () => Promise<void> | undefined } = {},
) {
  const asked: string[] = [];
  const rest = {
    request: async (_method: string, path: string, opts: { body: { spec: Record<string, unknown> } }) => {
      if (server.revoked?.()) throw Object.assign(new Error('Unauthorized'), { status: 401 });
      if (path.endsWith('/selfsubjectaccessreviews')) {
        asked.push('ssar');
        return { status: { allowed: false } };
      }
      const ns = String(opts.body.spec.namespace);
      asked.push(`ssrr ${ns}`);
      await server.namespacesWait?.();
      return {
        status: {
          resourceRules: podsIn.includes(ns)
            ? [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]
            : [],
        },
      };
    },
  } as unknown as RestClient;
  return { rest, asked };
}

describe('access lookup', () => {
  it('asks every kind cluster-wide, then each namespace, and keeps the namespaces with a listable kind', async () => {
    const { rest, asked } = reviews(['a', 'c']);
    const access = await lookupAccess(rest, ['a', 'b', 'c']);
    expect(access.all).toBe(false);
    expect([...access.perNamespace.keys()]).toEqual(['a', 'c']);
    expect([...(access.perNamespace.get('a') ?? [])]).toEqual(['pods']);
    expect(asked.filter((a) => a.startsWith('ssrr')).sort()).toEqual(['ssrr a', 'ssrr b', 'ssrr c']);
  });

  it('within its TTL, a new namespace is asked about alone and a removed one is dropped', async () => {
    const { rest, asked } = reviews(['a', 'c', 'd']);
    const user = `u-${Math.random()}`;
    await cachedAccess(user, rest, ['a', 'b', 'c']);
    const before = asked.length;
    const same = await cachedAccess(user, rest, ['a', 'b', 'c']);
    expect(asked.length).toBe(before);
    expect([...same.perNamespace.keys()]).toEqual(['a', 'c']);
    const grown = await cachedAccess(user, rest, ['a', 'c', 'd']);
    expect(asked.slice(before)).toEqual(['ssrr d']);
    expect([...grown.perNamespace.keys()].sort()).toEqual(['a', 'c', 'd']);
  });

  it('past its TTL, answers after the cluster-wide reviews and asks every namespace again behind it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const podsIn = ['a', 'c'];
    let release: (() => void) | undefined;
    let held: Promise<void> | undefined;
    const { rest, asked } = reviews(podsIn, { namespacesWait: () => held });
    const user = `u-${Math.random()}`;
    await cachedAccess(user, rest, ['a', 'b', 'c']);
    podsIn.splice(0, podsIn.length, 'a'); // the RoleBinding in c is removed
    vi.setSystemTime(Date.now() + 31_000);
    // Namespace reviews now hang until released: the request must not wait for them.
    held = new Promise<void>((r) => {
      release = r;
    });
    const stale = await cachedAccess(user, rest, ['a', 'b', 'c']);
    expect([...stale.perNamespace.keys()]).toEqual(['a', 'c']);
    release?.();
    await vi.waitFor(() => expect(asked.filter((a) => a.startsWith('ssrr')).length).toBe(6));
    await vi.waitFor(async () =>
      expect([...(await cachedAccess(user, rest, ['a', 'b', 'c'])).perNamespace.keys()]).toEqual(['a']),
    );
  });

  it('past its TTL, a token the API server refuses fails the request instead of serving the last answer', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let revoked = false;
    const { rest } = reviews(['a'], { revoked: () => revoked });
    const user = `u-${Math.random()}`;
    await cachedAccess(user, rest, ['a']);
    revoked = true;
    vi.setSystemTime(Date.now() + 31_000);
    await expect(cachedAccess(user, rest, ['a'])).rejects.toMatchObject({ status: 401 });
  });
});

afterEach(() => vi.useRealTimers());

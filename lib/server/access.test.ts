import { describe, expect, it } from 'vitest';
import type { RestClient } from '../k8s/rest';
import { cachedAccess, lookupAccess } from './access';

/** An API server that answers access reviews: nothing cluster-wide, pods in the namespaces given. */
function reviews(podsIn: readonly string[]) {
  const asked: string[] = [];
  const rest = {
    request: async (_method: string, path: string, opts: { body: { spec: Record<string, unknown> } }) => {
      if (path.endsWith('/selfsubjectaccessreviews')) {
        asked.push('ssar');
        return { status: { allowed: false } };
      }
      const ns = String(opts.body.spec.namespace);
      asked.push(`ssrr ${ns}`);
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
});

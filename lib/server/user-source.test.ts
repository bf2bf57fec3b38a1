import { describe, expect, it, vi } from 'vitest';
import { FULL_ACCESS } from '../auth/access';
import type { AccessCheck, ClusterSource } from '../cluster/source';
import { UserClusterSource } from './user-source';

/** An actor that answers every access review `allowed` and counts them. */
function countingActor(): { actor: ClusterSource; calls: AccessCheck[] } {
  const calls: AccessCheck[] = [];
  const actor = {
    canI: async (c: AccessCheck) => {
      calls.push(c);
      return { allowed: c.verb !== 'delete' && (c.namespace !== undefined || c.verb === 'create') };
    },
  } as unknown as ClusterSource;
  return { actor, calls };
}

const check: AccessCheck = {
  verb: 'create',
  group: 'gateway.networking.k8s.io',
  resource: 'httproutes',
  namespace: 'shop',
};

describe('UserClusterSource.canI', () => {
  it('asks the API server once per user and question within a few seconds, per cluster', async () => {
    const shared = {} as ClusterSource;
    const other = {} as ClusterSource;
    const { actor, calls } = countingActor();
    const as = (userKey: string, cluster = shared) =>
      new UserClusterSource({ shared: cluster, actor, access: FULL_ACCESS, userKey });
    expect(await as('alice').canI(check)).toEqual({ allowed: true });
    expect(await as('alice').canI(check)).toEqual({ allowed: true });
    // Allowed everywhere: one review answers for every namespace.
    expect(await as('alice').canI({ ...check, namespace: 'other' })).toEqual({ allowed: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.namespace).toBeUndefined();
    await as('bob').canI(check);
    await as('alice', other).canI(check);
    expect(calls).toHaveLength(3);
    // Not allowed everywhere: asked for the namespace itself.
    expect(await as('alice').canI({ ...check, verb: 'patch' })).toEqual({ allowed: true });
    expect(calls.slice(3).map((c) => c.namespace)).toEqual([undefined, 'shop']);
    expect(await as('alice').canI({ ...check, verb: 'delete' })).toEqual({ allowed: false });
  });

  it('gives the last answer at once for a minute and asks again in the background', async () => {
    vi.useFakeTimers();
    try {
      let allowed = true;
      const calls: AccessCheck[] = [];
      const actor = {
        canI: async (c: AccessCheck) => {
          calls.push(c);
          return { allowed };
        },
      } as unknown as ClusterSource;
      const source = new UserClusterSource({
        shared: {} as ClusterSource,
        actor,
        access: FULL_ACCESS,
        userKey: 'dan',
      });
      const wide = { ...check, namespace: undefined };
      expect(await source.canI(wide)).toEqual({ allowed: true });
      expect(calls).toHaveLength(1);
      allowed = false;
      vi.advanceTimersByTime(20_000);
      // Past 10 s: the last answer at once, a review in the background.
      expect(await source.canI(wide)).toEqual({ allowed: true });
      expect(calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(0);
      expect(await source.canI(wide)).toEqual({ allowed: false });
      expect(calls).toHaveLength(2);
      // Past a minute without a fresh answer: asked and awaited.
      allowed = true;
      vi.advanceTimersByTime(61_000);
      expect(await source.canI(wide)).toEqual({ allowed: true });
      expect(calls).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses writes in read-only mode without asking', async () => {
    const { actor, calls } = countingActor();
    const source = new UserClusterSource({
      shared: {} as ClusterSource,
      actor,
      access: FULL_ACCESS,
      userKey: 'carol',
      readOnlyReason: 'read-only mode is on',
    });
    expect(await source.canI(check)).toEqual({ allowed: false, reason: 'read-only mode is on' });
    expect(calls).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
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

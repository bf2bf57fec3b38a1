import 'server-only';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isApiError } from '../k8s/errors';
import type { RestClient } from '../k8s/rest';

/** Name of the Lease that serialises applies and rollbacks in a namespace. */
export const LOCK_LEASE = 'mesh-migrator-apply';
/** A holder that died is taken over after this long. */
export const LOCK_SECONDS = 120;
const USED_ANNOTATION = 'mesh-migrator.io/used-confirmations';

/** This process, as a Lease holder. */
const REPLICA = `${hostname()}-${randomBytes(3).toString('hex')}`;

export type LockResult =
  | { ok: true; release: () => Promise<void> }
  | { ok: false; status: 403 | 409; error: string };

/** One apply (or rollback) at a time per namespace, and each confirmation used once, across replicas. */
export interface NamespaceLock {
  acquire(ns: string, who: string, confirmation: { n: string; exp: number }): Promise<LockResult>;
}

interface Lease {
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
  };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string };
}

const micro = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

function usedOf(lease: Lease | undefined, nowS: number): Record<string, number> {
  try {
    const all = JSON.parse(lease?.metadata.annotations?.[USED_ANNOTATION] ?? '{}') as Record<string, number>;
    return Object.fromEntries(Object.entries(all).filter(([, exp]) => typeof exp === 'number' && exp > nowS));
  } catch {
    return {};
  }
}

/** Whether a Lease is held by a live holder now. */
export function leaseHeld(lease: Lease | undefined, now: Date): boolean {
  const s = lease?.spec;
  if (!s?.holderIdentity) return false;
  const renewed = Date.parse(s.renewTime ?? s.acquireTime ?? '');
  if (!Number.isFinite(renewed)) return false;
  return renewed + (s.leaseDurationSeconds ?? LOCK_SECONDS) * 1000 > now.getTime();
}

/**
 * A `coordination.k8s.io/v1` Lease in the namespace, written as the user: taken by an update
 * that must match the Lease's resourceVersion, so two replicas cannot both win. The Lease also
 * keeps the confirmations used recently (until they expire), so a replayed one is refused by any replica.
 */
export class LeaseLock implements NamespaceLock {
  constructor(private readonly rest: RestClient) {}

  private path(ns: string, name?: string) {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/leases${name ? `/${name}` : ''}`;
  }

  async acquire(ns: string, who: string, c: { n: string; exp: number }): Promise<LockResult> {
    const now = new Date();
    const nowS = now.getTime() / 1000;
    try {
      let lease: Lease | undefined;
      try {
        lease = await this.rest.request<Lease>('GET', this.path(ns, LOCK_LEASE));
      } catch (e) {
        if (!(isApiError(e) && e.status === 404)) throw e;
      }
      if (leaseHeld(lease, now))
        return {
          ok: false,
          status: 409,
          error: `another apply or rollback in ${ns} is running (${lease?.spec?.holderIdentity}); try again when it ends`,
        };
      const used = usedOf(lease, nowS);
      if (used[c.n] !== undefined)
        return { ok: false, status: 409, error: 'this confirmation was already used: preview again' };
      const body: Lease = {
        metadata: {
          name: LOCK_LEASE,
          namespace: ns,
          ...(lease?.metadata.resourceVersion ? { resourceVersion: lease.metadata.resourceVersion } : {}),
          annotations: {
            ...(lease?.metadata.annotations ?? {}),
            [USED_ANNOTATION]: JSON.stringify({ ...used, [c.n]: c.exp }),
          },
        },
        spec: {
          holderIdentity: `${who} via ${REPLICA}`,
          leaseDurationSeconds: LOCK_SECONDS,
          acquireTime: micro(now),
          renewTime: micro(now),
        },
      };
      const sent = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...body };
      let held: Lease;
      try {
        held = lease
          ? await this.rest.request<Lease>('PUT', this.path(ns, LOCK_LEASE), { body: sent })
          : await this.rest.request<Lease>('POST', this.path(ns), { body: sent });
      } catch (e) {
        if (isApiError(e) && e.status === 409)
          return {
            ok: false,
            status: 409,
            error: `another apply or rollback in ${ns} started at the same moment; try again`,
          };
        throw e;
      }
      return { ok: true, release: () => this.release(ns, held) };
    } catch (e) {
      if (isApiError(e) && e.status === 403)
        return {
          ok: false,
          status: 403,
          error: `you may not take the apply lock in ${ns} (get/create/update leases.coordination.k8s.io): ${e.message}`,
        };
      throw e;
    }
  }

  private async release(ns: string, held: Lease): Promise<void> {
    try {
      await this.rest.request('PUT', this.path(ns, LOCK_LEASE), {
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: held.metadata,
          spec: { ...held.spec, holderIdentity: '' },
        },
      });
    } catch {
      // The Lease expires by itself after LOCK_SECONDS.
    }
  }
}

const g = globalThis as typeof globalThis & { __meshMigratorLocks?: Map<string, string> };
g.__meshMigratorLocks ??= new Map();

/** The demo and file sources live in one process: an in-memory lock is the whole truth there. */
export class MemoryLock implements NamespaceLock {
  async acquire(ns: string, who: string, _c: { n: string; exp: number }): Promise<LockResult> {
    const locks = g.__meshMigratorLocks as Map<string, string>;
    const holder = locks.get(ns);
    if (holder)
      return {
        ok: false,
        status: 409,
        error: `another apply or rollback in ${ns} is running (${holder}); try again when it ends`,
      };
    locks.set(ns, who);
    return { ok: true, release: async () => void locks.delete(ns) };
  }
}

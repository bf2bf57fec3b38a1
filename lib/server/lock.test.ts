import { describe, expect, it } from 'vitest';
import { LOCK_SECONDS, leaseHeld, MemoryLock } from './lock';

describe('leaseHeld', () => {
  const now = new Date('2026-01-01T00:10:00Z');
  const lease = (spec: Record<string, unknown>) => ({ metadata: { name: 'l', namespace: 'n' }, spec });
  it.each([
    ['no lease', undefined, false],
    ['released', lease({ holderIdentity: '' }), false],
    [
      'fresh',
      lease({
        holderIdentity: 'a',
        renewTime: '2026-01-01T00:09:30.000000Z',
        leaseDurationSeconds: LOCK_SECONDS,
      }),
      true,
    ],
    [
      'expired',
      lease({ holderIdentity: 'a', renewTime: '2026-01-01T00:00:00.000000Z', leaseDurationSeconds: 60 }),
      false,
    ],
  ])('%s → %s', (_w, l, held) => expect(leaseHeld(l, now)).toBe(held));
});

describe('MemoryLock', () => {
  it('lets one apply per namespace run at a time', async () => {
    const lock = new MemoryLock();
    const c = { n: 'x', exp: 0 };
    const a = await lock.acquire('ns-lock-test', 'alice', c);
    expect(a.ok).toBe(true);
    expect(await lock.acquire('ns-lock-test', 'bob', c)).toMatchObject({ ok: false, status: 409 });
    expect((await lock.acquire('other-ns-lock-test', 'bob', c)).ok).toBe(true);
    if (a.ok) await a.release();
    expect((await lock.acquire('ns-lock-test', 'bob', c)).ok).toBe(true);
  });
});

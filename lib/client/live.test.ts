import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateLive } from './live';

/** A query on screen whose fetches answer with the cluster revision at the time they were asked. */
function watched(qc: QueryClient) {
  let revision = 1;
  const asked: number[] = [];
  let answer: (() => void) | undefined;
  const observer = new QueryObserver(qc, {
    queryKey: ['cluster', 'plan', 'shop'],
    queryFn: () => {
      const seen = revision;
      asked.push(seen);
      return new Promise<number>((resolve) => {
        answer = () => resolve(seen);
      });
    },
  });
  const off = observer.subscribe(() => {});
  return {
    observer,
    asked,
    off,
    change: () => {
      revision++;
    },
    answer: async () => {
      answer?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('invalidateLive', () => {
  it('fetches a query again when its first fetch was in flight as the change arrived', async () => {
    const qc = new QueryClient();
    const q = watched(qc);
    expect(q.asked).toEqual([1]);
    q.change();
    const done = invalidateLive(qc, () => true);
    await q.answer();
    await q.answer();
    await done;
    expect(q.asked).toEqual([1, 2]);
    expect(q.observer.getCurrentResult().data).toBe(2);
    q.off();
  });

  it('refetches a query that has data once, and leaves queries the update does not name', async () => {
    const qc = new QueryClient();
    const q = watched(qc);
    await q.answer();
    q.change();
    const none = invalidateLive(qc, () => false);
    await none;
    expect(q.asked).toEqual([1]);
    const done = invalidateLive(qc, () => true);
    await q.answer();
    await done;
    expect(q.asked).toEqual([1, 2]);
    expect(q.observer.getCurrentResult().data).toBe(2);
    q.off();
  });
});

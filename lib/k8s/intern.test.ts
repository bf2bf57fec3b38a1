import { describe, expect, it, vi } from 'vitest';
import { StringPool } from './intern';

// Two equal strings built at run time are distinct heap objects; the pool hands out one of them.
const fresh = (s: string) => [...s].join('');

describe('StringPool', () => {
  it('gives equal strings of different objects one copy and leaves values unique to an object', () => {
    const pool = new StringPool();
    const pod = (name: string) =>
      pool.object({
        metadata: {
          name: fresh(name),
          uid: fresh(`uid-${name}`),
          labels: { app: fresh('cart') },
          ownerReferences: [{ kind: fresh('ReplicaSet'), name: fresh('cart-7d4') }],
        },
        spec: { containers: [{ name: fresh('istio-proxy'), image: fresh('proxyv2:1.30.3') }] },
        status: { podIP: fresh('10.0.0.1'), conditions: [{ type: fresh('Ready'), status: fresh('True') }] },
      });
    const a = pod('cart-7d4-a');
    const b = pod('cart-7d4-b');
    expect(b).toEqual({
      metadata: {
        name: 'cart-7d4-b',
        uid: 'uid-cart-7d4-b',
        labels: { app: 'cart' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'cart-7d4' }],
      },
      spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2:1.30.3' }] },
      status: { podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    // Repeated values: 'cart', 'ReplicaSet', 'cart-7d4', 'istio-proxy', the image, 'Ready', 'True'.
    // Unique ones stay out of the table: two names, two uids, one address.
    expect(pool.size).toBe(7);
    expect(a.metadata.labels.app).toBe(b.metadata.labels.app);
  });

  it('starts over when full and skips long strings', () => {
    const pool = new StringPool(2, 4);
    pool.string('a');
    pool.string('b');
    expect(pool.size).toBe(2);
    pool.string('c');
    expect(pool.size).toBe(1);
    pool.string('longer than four');
    expect(pool.size).toBe(1);
  });

  it('pools listed objects later, once no batch has come for a while', async () => {
    vi.useFakeTimers();
    try {
      const pool = new StringPool();
      const listed = () => [{ metadata: { labels: { app: fresh('cart') } } }];
      pool.later(listed(), 1000);
      await vi.advanceTimersByTimeAsync(900);
      pool.later(listed(), 1000);
      await vi.advanceTimersByTimeAsync(900);
      expect(pool.size).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(pool.size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

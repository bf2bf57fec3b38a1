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

  it('shares the parts two objects of one template have in common, frozen, and no others', () => {
    const pool = new StringPool();
    const pod = (name: string, ready: string) =>
      pool.object({
        metadata: {
          name: fresh(name),
          labels: { app: fresh('cart'), 'pod-template-hash': fresh('7d4') },
          ownerReferences: [{ kind: fresh('ReplicaSet'), name: fresh('cart-7d4') }],
        },
        spec: {
          nodeName: fresh(`node-${name}`),
          containers: [{ name: fresh('app'), args: [fresh('--port'), fresh('8080')] }],
        },
        status: { conditions: [{ type: fresh('Ready'), status: fresh(ready) }] },
      });
    const a = pod('cart-7d4-a', 'True');
    const b = pod('cart-7d4-b', 'True');
    const c = pod('cart-7d4-c', 'False');
    expect(b.metadata.labels).toBe(a.metadata.labels);
    expect(b.metadata.ownerReferences).toBe(a.metadata.ownerReferences);
    expect(b.spec.containers).toBe(a.spec.containers);
    expect(b.status.conditions).toBe(a.status.conditions);
    // What differs stays each object's own: the conditions of c, every spec and metadata.
    expect(c.status.conditions).not.toBe(a.status.conditions);
    expect(c.status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
    expect(b.spec).not.toBe(a.spec);
    expect(b.spec.nodeName).toBe('node-cart-7d4-b');
    // A shared part cannot be changed through one object.
    expect(Object.isFrozen(a.spec.containers[0]?.args)).toBe(true);
    expect(() => {
      (b.metadata.labels as Record<string, string>).app = 'other';
    }).toThrow(TypeError);
    expect(a.metadata.labels.app).toBe('cart');
    expect(pool.partCount).toBe(5);
  });

  it('keeps one copy of a part built while reading, under its digest, only while equal', () => {
    const pool = new StringPool();
    const labels = () => ({ app: fresh('cart'), version: fresh('v1') });
    const first = pool.shared(7, labels());
    expect(Object.isFrozen(first)).toBe(true);
    // An equal part under the same digest is the first one; its strings were pooled.
    expect(pool.shared(7, labels())).toBe(first);
    expect(pool.string(fresh('cart'))).toBe(first.app);
    // Another digest is another part; an unequal part under a digest taken (a collision) is not
    // the one found there: it is given itself, and takes the digest.
    const other = labels();
    expect(pool.shared(8, other)).toBe(other);
    const collided = { app: fresh('web') };
    expect(pool.shared(7, collided)).toBe(collided);
    expect(pool.shared(7, { app: fresh('web') })).toBe(collided);
    expect(pool.shared(7, labels())).not.toBe(first);
    // Order of keys does not matter; a missing or extra key, an array of other length does.
    const list = pool.shared(9, [{ name: 'a', ports: [1, 2] }]);
    expect(pool.shared(9, [{ ports: [1, 2], name: 'a' }])).toBe(list);
    expect(pool.shared(9, [{ name: 'a', ports: [1] }])).not.toBe(list);
    expect(pool.shared(9, [{ name: 'a', ports: [1] }, {}])).not.toBe(list);
    expect(pool.shared(10, { a: 1, b: undefined })).not.toBe(pool.shared(10, { a: 1, c: 2 }));
  });

  it('makes every empty object below the top one frozen object', () => {
    const pool = new StringPool();
    const a = pool.object({ spec: { securityContext: {} }, status: { loadBalancer: {} } });
    const b = pool.object({ spec: { securityContext: {} }, status: {} });
    expect(a.status.loadBalancer).toBe(b.spec.securityContext);
    expect(b.status).toBe(a.spec.securityContext);
    expect(Object.isFrozen(b.status)).toBe(true);
    // Arrays and objects with members are their own.
    const c = pool.object({ spec: { list: [] as string[], other: [] as string[] } });
    expect(c.spec.list).not.toBe(c.spec.other);
    expect(Object.isFrozen(c.spec.list)).toBe(false);
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

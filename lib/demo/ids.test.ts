import { describe, expect, it } from 'vitest';
import { IdGen, templateHash } from './ids';

describe('templateHash', () => {
  it('ignores key order and changes with content', () => {
    const a = templateHash({
      metadata: { labels: { app: 'x', v: '1' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    const b = templateHash({
      spec: { containers: [{ image: 'i', name: 'c' }] },
      metadata: { labels: { v: '1', app: 'x' } },
    });
    const c = templateHash({
      metadata: { labels: { app: 'x', v: '2' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});

describe('IdGen', () => {
  it('produces the same sequence for the same seed', () => {
    const x = new IdGen(1);
    const y = new IdGen(1);
    expect([x.uid(), x.suffix(), x.uid()]).toEqual([y.uid(), y.suffix(), y.uid()]);
    expect(new IdGen(2).uid()).not.toBe(new IdGen(1).uid());
  });

  it('makes version 4 uids and distinct addresses', () => {
    const ids = new IdGen();
    expect(ids.uid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ips = Array.from({ length: 600 }, () => ids.podIP(1));
    expect(new Set(ips).size).toBe(600);
    expect(ids.clusterIP()).not.toBe(ids.clusterIP());
    expect([0, 1, 2, 3].map(() => ids.nextNode(3))).toEqual([0, 1, 2, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyResourceSet, type ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { ClusterIndex, indexOf } from './cluster-index';

const pod = (ns: string, name: string, deleting = false): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: ns, name, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
});

function set(pods: KubeObject[]): ResourceSet {
  return { ...emptyResourceSet(), pods };
}

describe('ClusterIndex', () => {
  it('buckets by namespace, sorted by name, without objects being deleted', () => {
    const ix = indexOf(set([pod('a', 'z'), pod('b', 'x'), pod('a', 'm'), pod('a', 'gone', true)]));
    expect(ix.objects('pods', 'a').map((p) => p.metadata.name)).toEqual(['m', 'z']);
    expect(ix.all('pods', 'a')).toHaveLength(3);
    expect(ix.objects('pods', 'c')).toEqual([]);
    expect(ix.namespacesWith('pods').sort()).toEqual(['a', 'b']);
  });

  it('keeps, across a derived snapshot, what was computed from a namespace whose objects did not change', () => {
    const a1 = pod('a', 'one');
    const b1 = pod('b', 'one');
    const first = set([a1, b1]);
    const ix = indexOf(first);
    let calls = 0;
    const count = (ns: string, index = ix) =>
      index.perNamespace('pods', ns, 'count', (objs) => {
        calls += 1;
        return objs.length;
      });
    expect([count('a'), count('b')]).toEqual([1, 1]);
    expect(calls).toBe(2);

    // Namespace b changes; a keeps its objects.
    const next = set([a1, b1, pod('b', 'two')]);
    const derived = ix.derive(next, ['pods']);
    expect(derived).toBe(indexOf(next));
    expect(count('a', derived)).toBe(1);
    expect(calls).toBe(2);
    expect(count('b', derived)).toBe(2);
    expect(calls).toBe(3);
    expect(derived.all('pods', 'a')).toBe(ix.all('pods', 'a'));
    expect(derived.all('pods', 'b')).not.toBe(ix.all('pods', 'b'));
  });

  it('buckets anew only the namespaces an event named, as a full bucketing would', () => {
    const a1 = pod('a', 'one');
    const b1 = pod('b', 'one');
    const c1 = pod('c', 'one');
    const first = set([a1, b1, c1]);
    const ix = indexOf(first);
    expect(ix.namespacesWith('pods')).toEqual(['a', 'b', 'c']);
    // b gains a pod, c loses its only one, d is new; a is untouched.
    const next = set([a1, b1, pod('b', 'two'), pod('d', 'one')]);
    const derived = ix.derive(next, ['pods'], { touched: new Map([['pods', new Set(['b', 'c', 'd'])]]) });
    const full = new ClusterIndex(next);
    expect(derived.namespacesWith('pods').sort()).toEqual(full.namespacesWith('pods').sort());
    for (const ns of ['a', 'b', 'c', 'd']) expect(derived.all('pods', ns)).toEqual(full.all('pods', ns));
    expect(derived.all('pods', 'a')).toBe(ix.all('pods', 'a'));
    expect(derived.objects('pods', 'b').map((p) => p.metadata.name)).toEqual(['one', 'two']);
  });

  it('finds a memo computed on the index it derives from after the derive, when it read no changed kind', () => {
    const first = set([pod('a', 'one')]);
    const ix = indexOf(first);
    const next = set([pod('a', 'one'), pod('a', 'two')]);
    const derived = ix.derive(next, ['pods']);
    // A request on the older snapshot computes these after the newer one was derived.
    const nsMemo = ix.memo('ns', () => ({ from: 'first' }), ['namespaces']);
    ix.memo('pods', () => ({ from: 'first' }), ['pods']);
    expect(derived.memo('ns', () => ({ from: 'derived' }), ['namespaces'])).toBe(nsMemo);
    expect(derived.memo('pods', () => ({ from: 'derived' }), ['pods'])).toEqual({ from: 'derived' });
  });

  it('drops memos that read a changed kind and keeps the others', () => {
    const first = set([pod('a', 'one')]);
    const ix = indexOf(first);
    const podsMemo = ix.memo('pods-count', () => first.pods.length, ['pods']);
    const nsMemo = ix.memo('ns-count', () => first.namespaces.length, ['namespaces']);
    const next = set([pod('a', 'one'), pod('a', 'two')]);
    const derived = ix.derive(next, ['pods']);
    expect(derived.memo('pods-count', () => next.pods.length, ['pods'])).toBe(2);
    expect(podsMemo).toBe(1);
    expect(derived.memo('ns-count', () => -1, ['namespaces'])).toBe(nsMemo);
  });
});

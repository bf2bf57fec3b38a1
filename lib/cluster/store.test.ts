import { describe, expect, it } from 'vitest';
import { indexOf, kindChanged } from '../model/cluster-index';
import type { ChangeEvent } from './source';
import { ObjectStore } from './store';

const ns = (name: string, uid: string, rv = '1') => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, uid, resourceVersion: rv },
});

describe('ObjectStore', () => {
  it('starts loading, then ok after a list', () => {
    const s = new ObjectStore();
    expect(s.snapshot().kinds.namespaces.state).toBe('loading');
    s.replace('namespaces', [ns('a', '1'), ns('b', '2')]);
    const snap = s.snapshot();
    expect(snap.kinds.namespaces).toEqual({ state: 'ok', count: 2 });
    expect(snap.resources.namespaces.map((n) => n.metadata.name)).toEqual(['a', 'b']);
  });

  it('keeps the snapshot identical until something changes', () => {
    const s = new ObjectStore();
    s.replace('namespaces', [ns('a', '1')]);
    const first = s.snapshot();
    expect(s.snapshot()).toBe(first);
    s.event('namespaces', 'MODIFIED', ns('a', '1'));
    expect(s.snapshot()).toBe(first);
    s.event('namespaces', 'MODIFIED', ns('a', '1', '2'));
    expect(s.snapshot()).not.toBe(first);
    expect(s.snapshot().revision).toBe(first.revision + 1);
  });

  it('notifies listeners with kind, type and object', () => {
    const s = new ObjectStore();
    const seen: ChangeEvent[] = [];
    const off = s.subscribe((e) => seen.push(e));
    s.event('namespaces', 'ADDED', ns('a', '1'));
    s.event('namespaces', 'DELETED', ns('a', '1'));
    off();
    s.event('namespaces', 'ADDED', ns('b', '2'));
    expect(seen.map((e) => [e.type, e.kind, e.object?.metadata.name])).toEqual([
      ['ADDED', 'namespaces', 'a'],
      ['DELETED', 'namespaces', 'a'],
    ]);
  });

  it('records missing and forbidden kinds', () => {
    const s = new ObjectStore();
    s.setStatus('httproutes', {
      state: 'missing',
      message: 'CRD httproutes.gateway.networking.k8s.io not installed',
    });
    s.setStatus('authorizationpolicies', { state: 'forbidden', message: 'cannot list' });
    const k = s.snapshot().kinds;
    expect(k.httproutes.state).toBe('missing');
    expect(k.authorizationpolicies).toEqual({ state: 'forbidden', message: 'cannot list', count: 0 });
  });
});

describe('ObjectStore buckets', () => {
  const pod = (ns: string, name: string, rv = '1') => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `${ns}-${name}`, resourceVersion: rv },
  });
  const names = (objects: readonly { metadata: { name: string } }[]) => objects.map((o) => o.metadata.name);

  it('hands the index one array per namespace, the same while the namespace is unchanged', () => {
    const s = new ObjectStore();
    s.replace('pods', [pod('a', 'a1'), pod('b', 'b1'), pod('a', 'a2')]);
    const first = s.snapshot().resources;
    expect(names(indexOf(first).all('pods', 'a'))).toEqual(['a1', 'a2']);
    const b = indexOf(first).all('pods', 'b');
    s.event('pods', 'MODIFIED', pod('a', 'a1', '2'));
    s.event('pods', 'ADDED', pod('c', 'c1'));
    const second = s.snapshot().resources;
    expect(indexOf(second).all('pods', 'b')).toBe(b);
    expect(indexOf(second).all('pods', 'a')[0]?.metadata.resourceVersion).toBe('2');
    expect(indexOf(second).namespacesWith('pods')).toEqual(['a', 'b', 'c']);
    expect(kindChanged(first, second, 'pods')).toBe(true);
    expect(kindChanged(first, second, 'services')).toBe(false);
    s.event('pods', 'DELETED', pod('b', 'b1'));
    expect(indexOf(s.snapshot().resources).namespacesWith('pods')).toEqual(['a', 'c']);
  });

  it('keeps each snapshot as it was: a list read after later changes is the one of its time', () => {
    const s = new ObjectStore();
    s.replace('pods', [pod('a', 'a1')]);
    const before = s.snapshot().resources;
    s.event('pods', 'ADDED', pod('a', 'a2'));
    s.event('pods', 'DELETED', pod('a', 'a1'));
    const after = s.snapshot().resources;
    expect(names(before.pods)).toEqual(['a1']);
    expect(names(after.pods)).toEqual(['a2']);
    expect(after.pods).toBe(after.pods);
    expect(names(indexOf(before).all('pods', 'a'))).toEqual(['a1']);
  });

  it('gives the whole list namespace by namespace, a relist starting over', () => {
    const s = new ObjectStore();
    s.replace('pods', [pod('a', 'a1'), pod('b', 'b1')]);
    s.event('pods', 'ADDED', pod('a', 'a2'));
    expect(names(s.snapshot().resources.pods)).toEqual(['a1', 'a2', 'b1']);
    s.replace('pods', [pod('b', 'b2')]);
    expect(names(s.snapshot().resources.pods)).toEqual(['b2']);
    expect(indexOf(s.snapshot().resources).namespacesWith('pods')).toEqual(['b']);
  });
});

describe('ObjectStore first-list preview', () => {
  const pod = (ns: string, name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `${ns}-${name}`, resourceVersion: '1' },
  });

  it('shows the objects a first list has read, bucketed as replace will, every other kind unchanged', () => {
    const s = new ObjectStore();
    s.replace('namespaces', [ns('a', '1'), ns('b', '2')]);
    expect(s.preview()).toBeUndefined();
    let told = 0;
    s.subscribeProgress(() => {
      told += 1;
    });
    const items = [pod('a', 'p1'), pod('a', 'p2'), pod('b', 'p1')];
    s.listed('pods', items);
    const p = s.preview();
    expect(told).toBe(1);
    expect(p?.listing.get('pods')).toBe('b');
    expect(p?.snapshot.resources.namespaces).toBe(s.snapshot().resources.namespaces);
    expect(indexOf(p?.snapshot.resources ?? s.snapshot().resources).all('pods', 'a')).toEqual(
      items.slice(0, 2),
    );
    // Nothing of the list is in the store's snapshot before replace.
    expect(s.snapshot().resources.pods).toEqual([]);
    expect(s.snapshot().kinds.pods.state).toBe('loading');
    // The list's array grows; the preview follows it.
    items.push(pod('c', 'p1'));
    s.listed('pods', items);
    expect(s.preview()?.listing.get('pods')).toBe('c');
    s.replace('pods', items);
    expect(s.preview()).toBeUndefined();
    expect(indexOf(s.snapshot().resources).all('pods', 'a')).toEqual(items.slice(0, 2));
  });

  it('says when a list has not come in namespace order, and forgets a list whose kind failed', () => {
    const s = new ObjectStore();
    s.listed('pods', [pod('b', 'p1'), pod('a', 'p1')]);
    expect(s.preview()?.listing.has('pods')).toBe(true);
    expect(s.preview()?.listing.get('pods')).toBeUndefined();
    s.setStatus('pods', { state: 'forbidden', message: 'no' });
    expect(s.preview()).toBeUndefined();
  });
});

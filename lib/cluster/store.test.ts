import { describe, expect, it } from 'vitest';
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

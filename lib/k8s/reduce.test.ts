import { describe, expect, it } from 'vitest';
import type { KubeObject } from './objects';
import { applyWatchEvent, replaceAll } from './reduce';

const pod = (uid: string, rv: string, name = uid): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'n', uid, resourceVersion: rv },
});

describe('applyWatchEvent', () => {
  it.each([
    {
      name: 'adds a new object',
      start: [],
      type: 'ADDED' as const,
      obj: pod('a', '1'),
      changed: true,
      keys: ['a'],
    },
    {
      name: 'modifies by uid',
      start: [pod('a', '1')],
      type: 'MODIFIED' as const,
      obj: pod('a', '2'),
      changed: true,
      keys: ['a'],
    },
    {
      name: 'skips the same resourceVersion',
      start: [pod('a', '2')],
      type: 'MODIFIED' as const,
      obj: pod('a', '2'),
      changed: false,
      keys: ['a'],
    },
    {
      name: 'deletes by uid',
      start: [pod('a', '1'), pod('b', '1')],
      type: 'DELETED' as const,
      obj: pod('a', '3'),
      changed: true,
      keys: ['b'],
    },
    {
      name: 'delete of unknown is a no-op',
      start: [pod('b', '1')],
      type: 'DELETED' as const,
      obj: pod('a', '3'),
      changed: false,
      keys: ['b'],
    },
    {
      name: 'a recreated object with a new uid is a separate entry',
      start: [pod('a', '1', 'x')],
      type: 'ADDED' as const,
      obj: pod('c', '5', 'x'),
      changed: true,
      keys: ['a', 'c'],
    },
    {
      name: 'bookmarks change nothing',
      start: [pod('a', '1')],
      type: 'BOOKMARK' as const,
      obj: pod('', '9'),
      changed: false,
      keys: ['a'],
    },
  ])('$name', ({ start, type, obj, changed, keys }) => {
    const cache = new Map<string, KubeObject>();
    replaceAll(cache, start);
    expect(applyWatchEvent(cache, type, obj)).toBe(changed);
    expect([...cache.keys()].sort()).toEqual(keys);
  });

  it('stores the newer object on modify', () => {
    const cache = new Map<string, KubeObject>();
    replaceAll(cache, [pod('a', '1')]);
    applyWatchEvent(cache, 'MODIFIED', { ...pod('a', '2'), spec: { x: 1 } });
    expect(cache.get('a')?.spec).toEqual({ x: 1 });
  });
});

describe('replaceAll', () => {
  it('drops stale objects', () => {
    const cache = new Map<string, KubeObject>();
    replaceAll(cache, [pod('a', '1'), pod('b', '1')]);
    replaceAll(cache, [pod('b', '2')]);
    expect([...cache.keys()]).toEqual(['b']);
  });
});

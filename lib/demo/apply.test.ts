import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { findConflicts, mergeApply, mergePatch, ownedPaths, pathKey, updateOwners } from './apply';

describe('mergePatch (RFC 7386 appendix A)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('does not modify its inputs', () => {
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: null } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('mergeApply', () => {
  it('merges maps deeply and replaces lists', () => {
    const base = { spec: { a: 1, list: [1, 2], nested: { x: 'x', y: 'y' } } };
    const applied = { spec: { list: [3], nested: { y: 'z' } } };
    expect(mergeApply(base, applied)).toEqual({ spec: { a: 1, list: [3], nested: { x: 'x', y: 'z' } } });
  });

  it('ignores nulls in the applied object', () => {
    expect(mergeApply({ a: 1, b: 2 }, { a: null, b: 3 })).toEqual({ a: 1, b: 3 });
  });
});

const deploy = (replicas: number, labels: Record<string, string> = { app: 'x' }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x', namespace: 'ns', labels, uid: 'u1', resourceVersion: '5' },
  spec: { replicas, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
  status: { readyReplicas: 1 },
});

describe('field ownership', () => {
  it('owns spec and metadata leaves but not status or server metadata', () => {
    const keys = ownedPaths(deploy(1)).map((p) => p.join('.'));
    expect(keys).toContain('spec.replicas');
    expect(keys).toContain('metadata.labels.app');
    expect(keys).toContain('spec.template.spec.containers');
    expect(keys.some((k) => k.startsWith('status') || k === 'metadata.uid' || k === 'metadata.name')).toBe(
      false,
    );
  });

  it('reports a conflict when another manager owns a changed field', () => {
    const current = deploy(2);
    const owners = updateOwners(new Map(), undefined, current, 'kubectl');
    const conflicts = findConflicts(current, owners, deploy(3), 'mesh-migrator');
    expect(conflicts).toEqual([{ manager: 'kubectl', field: '.spec.replicas' }]);
  });

  it('reports no conflict for equal values, new fields or own fields', () => {
    const current = deploy(2);
    const owners = updateOwners(new Map(), undefined, current, 'kubectl');
    expect(findConflicts(current, owners, deploy(2, { app: 'x', extra: 'y' }), 'mesh-migrator')).toEqual([]);
    expect(findConflicts(current, owners, deploy(3), 'kubectl')).toEqual([]);
  });

  it('hands changed fields to the writer and forgets removed ones', () => {
    const prev = deploy(2, { app: 'x', gone: 'y' });
    const owners = updateOwners(new Map(), undefined, prev, 'kubectl');
    const next = deploy(3, { app: 'x' });
    const after = updateOwners(owners, prev, next, 'mesh-migrator');
    expect(after.get(pathKey(['spec', 'replicas']))).toBe('mesh-migrator');
    expect(after.get(pathKey(['metadata', 'labels', 'app']))).toBe('kubectl');
    expect(after.has(pathKey(['metadata', 'labels', 'gone']))).toBe(false);
  });
});

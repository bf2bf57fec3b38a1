import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { applyMergePatch, diffMergePatch, inverseMergePatch, patchPaths, restorePatch } from './patches';

describe('merge patches', () => {
  it.each([
    ['adds and replaces', { a: 1, b: { c: 2 } }, { b: { d: 3 } }, { a: 1, b: { c: 2, d: 3 } }],
    ['removes with null', { a: 1, b: { c: 2 } }, { b: { c: null } }, { a: 1, b: {} }],
    ['replaces arrays', { a: [1, 2] }, { a: [3] }, { a: [3] }],
    ['creates missing maps', {}, { m: { l: { k: 'v' } } }, { m: { l: { k: 'v' } } }],
  ])('applyMergePatch %s', (_n, target, patch, want) => {
    expect(applyMergePatch(target, patch)).toEqual(want);
  });

  it.each([
    [
      'label that did not exist',
      { metadata: { labels: { a: 'x' } } },
      { metadata: { labels: { b: 'y' } } },
      { metadata: { labels: { a: null } } },
    ],
    [
      'label removed by the patch',
      { metadata: { labels: { a: null } } },
      { metadata: { labels: { a: 'old' } } },
      { metadata: { labels: { a: 'old' } } },
    ],
    [
      'array replaced',
      { spec: { subsets: [] } },
      { spec: { subsets: [{ name: 'v1' }] } },
      { spec: { subsets: [{ name: 'v1' }] } },
    ],
    [
      'missing subtree',
      { spec: { template: { metadata: { annotations: { r: 't' } } } } },
      {},
      { spec: { template: { metadata: { annotations: { r: null } } } } },
    ],
  ])('inverseMergePatch undoes a %s', (_n, patch, prior, want) => {
    expect(inverseMergePatch(patch, prior)).toEqual(want);
    const after = applyMergePatch(prior, patch);
    const undone = applyMergePatch(after, inverseMergePatch(patch, prior)) as Record<string, unknown>;
    expect(
      patchPaths(diffMergePatch(prior, undone)).filter(
        (p) => !p.endsWith('annotations') && !p.endsWith('labels'),
      ),
    ).toEqual([]);
  });

  it('diffMergePatch turns one object into the other', () => {
    const from = { a: 1, b: { c: 2, d: 3 }, e: [1] };
    const to = { a: 1, b: { c: 4 }, e: [1, 2], f: 'x' };
    const patch = diffMergePatch(from, to);
    expect(patch).toEqual({ b: { c: 4, d: null }, e: [1, 2], f: 'x' });
    expect(applyMergePatch(from, patch)).toEqual(to);
    expect(diffMergePatch(to, to)).toEqual({});
  });

  it('restorePatch brings back labels, annotations and spec only', () => {
    const prior: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', labels: { a: '1' } },
      spec: { ports: [{ port: 80 }] },
    };
    const current: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', resourceVersion: '9', labels: { a: '2', b: '3' }, annotations: { x: 'y' } },
      spec: { ports: [{ port: 81 }] },
      status: { loadBalancer: {} },
    };
    expect(restorePatch(current, prior)).toEqual({
      metadata: { labels: { a: '1', b: null }, annotations: { x: null } },
      spec: { ports: [{ port: 80 }] },
    });
  });

  it('patchPaths lists leaves', () => {
    expect(patchPaths({ metadata: { labels: { 'istio.io/rev': null, a: 'b' } } })).toEqual([
      'metadata.labels.istio.io/rev',
      'metadata.labels.a',
    ]);
  });
});

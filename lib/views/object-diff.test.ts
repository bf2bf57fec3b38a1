import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { cleanForDiff, compareGenerated, projectOnto } from './object-diff';

const route = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'reviews', namespace: 'bookinfo', ...meta },
  spec,
});

describe('cleanForDiff', () => {
  it('drops server metadata, last-applied and status', () => {
    const o = cleanForDiff({
      ...route(
        { a: 1 },
        {
          uid: 'u',
          resourceVersion: '5',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        },
      ),
      status: { parents: [] },
    });
    expect(o).toEqual(route({ a: 1 }));
  });
});

describe('projectOnto', () => {
  it('keeps only fields the shape sets, through maps and equal-length lists', () => {
    const live = { a: 1, b: { c: 2, d: 3 }, l: [{ x: 1, y: 2 }], extra: true };
    expect(projectOnto(live, { a: 0, b: { c: 0 }, l: [{ x: 0 }] })).toEqual({
      a: 1,
      b: { c: 2 },
      l: [{ x: 1 }],
    });
  });
  it('keeps a whole list when lengths differ', () => {
    expect(projectOnto({ l: [1, 2, 3] }, { l: [1] })).toEqual({ l: [1, 2, 3] });
  });
});

describe('compareGenerated', () => {
  const gen = route({ rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }] }] });
  it.each([
    { name: 'new when absent', live: undefined, want: 'new' },
    {
      name: 'unchanged when only server defaults differ',
      live: route(
        {
          rules: [
            {
              backendRefs: [{ name: 'reviews', port: 9080, weight: 1, group: '', kind: 'Service' }],
              matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            },
          ],
        },
        { uid: 'x' },
      ),
      want: 'unchanged',
    },
    {
      name: 'changed when a set field differs',
      live: route({ rules: [{ backendRefs: [{ name: 'reviews', port: 8080 }] }] }),
      want: 'changed',
    },
  ])('$name', ({ live, want }) => {
    const c = compareGenerated(gen, live);
    expect(c.status).toBe(want);
    expect(c.ref).toBe('HTTPRoute/bookinfo/reviews');
    expect(c.yaml).toContain('port: 9080');
  });
});

import { describe, expect, it } from 'vitest';
import { chooseSource, envFlag } from './choose';

describe('chooseSource', () => {
  it.each([
    { env: {}, kube: false, want: { source: 'demo' } },
    { env: {}, kube: true, want: { source: 'kube', context: undefined } },
    { env: { MESH_MIGRATOR_CLUSTER: 'demo' }, kube: true, want: { source: 'demo' } },
    { env: { MESH_MIGRATOR_CLUSTER: 'staging' }, kube: true, want: { source: 'kube', context: 'staging' } },
    { env: { MESH_MIGRATOR_CONTEXT: 'viewer' }, kube: true, want: { source: 'kube', context: 'viewer' } },
    {
      env: { MESH_MIGRATOR_FROM_FILES: 'a.yaml, dir' },
      kube: true,
      want: { source: 'files', paths: ['a.yaml', 'dir'] },
    },
  ])('$env with kubeconfig=$kube', ({ env, kube, want }) => {
    expect(chooseSource(env, kube)).toEqual(want);
  });
});

describe('envFlag', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['false', false],
    [undefined, false],
    ['', false],
  ])('%s → %s', (v, want) => {
    expect(envFlag(v)).toBe(want);
  });
});

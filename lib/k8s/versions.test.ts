import { describe, expect, it } from 'vitest';
import { kindByKey } from './kinds';
import { servedVersion } from './versions';

const crd = (versions: { name: string; served: boolean }[]) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'tcproutes.gateway.networking.k8s.io' },
  spec: { versions },
});

describe('servedVersion', () => {
  it.each([
    {
      served: [
        { name: 'v1', served: true },
        { name: 'v1alpha2', served: true },
      ],
      want: 'v1',
    },
    {
      served: [
        { name: 'v1', served: false },
        { name: 'v1alpha2', served: true },
      ],
      want: 'v1alpha2',
    },
    { served: [{ name: 'v1alpha2', served: true }], want: 'v1alpha2' },
    { served: [{ name: 'v1', served: false }], want: undefined },
    { served: [{ name: 'v9', served: true }], want: undefined },
  ])('$served.0.name… → $want', ({ served, want }) => {
    expect(servedVersion(crd(served), kindByKey('tcproutes'))).toBe(want);
  });
});

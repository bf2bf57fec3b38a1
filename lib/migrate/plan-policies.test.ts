import { describe, expect, it } from 'vitest';
import { emptyResourceSet, type ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { indexOf } from '../model/cluster-index';
import { directCallers } from './plan-policies';

const sidecarPod = (ns: string, name: string, sa: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: ns, name, annotations: { 'sidecar.istio.io/status': '{}' } },
  spec: { serviceAccountName: sa, containers: [{ name: 'app' }, { name: 'istio-proxy' }] },
});
const plainPod = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: ns, name },
  spec: { serviceAccountName: 'plain', containers: [{ name: 'app' }] },
});

describe('directCallers', () => {
  it('lists every sidecar service account once, in the order of one sort over all of them', () => {
    const pods = [
      sidecarPod('ab', 'p1', 'z'),
      sidecarPod('a-b', 'p2', 'y'),
      sidecarPod('a', 'p3', 'x'),
      sidecarPod('a', 'p4', 'w'),
      sidecarPod('a', 'p5', 'w'),
      plainPod('a', 'p6'),
    ];
    const callers = directCallers({ ...emptyResourceSet(), pods });
    expect(callers).toEqual([
      'cluster.local/ns/a-b/sa/y',
      'cluster.local/ns/a/sa/w',
      'cluster.local/ns/a/sa/x',
      'cluster.local/ns/ab/sa/z',
    ]);
    expect(callers).toEqual([...callers].sort());
  });

  it('is the same array while the callers are the same, and a new one when they change', () => {
    const kept = sidecarPod('a', 'p1', 'x');
    const first: ResourceSet = { ...emptyResourceSet(), pods: [kept, plainPod('b', 'p2')] };
    const callers = directCallers(first);
    const other: ResourceSet = { ...first, pods: [kept, plainPod('b', 'p3')] };
    indexOf(first).derive(other, ['pods']);
    expect(directCallers(other)).toBe(callers);
    const more: ResourceSet = { ...other, pods: [kept, sidecarPod('b', 'p3', 'y')] };
    indexOf(other).derive(more, ['pods']);
    expect(directCallers(more)).toEqual(['cluster.local/ns/a/sa/x', 'cluster.local/ns/b/sa/y']);
  });
});

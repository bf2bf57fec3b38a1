import { describe, expect, it } from 'vitest';
import { toResourceSet } from '../testing/generate-cluster';
import { deploymentObj, nsObj, ownerRef, podObj, replicaSetObj } from './fixtures';
import type { PodClassification } from './pod';
import { aggregateClassifications, classifyWorkload, groupWorkloads } from './workloads';

const c = (dataplane: PodClassification['dataplane'], reason: string = dataplane): PodClassification => ({
  dataplane,
  reason,
});

describe('groupWorkloads', () => {
  it('follows Pod → ReplicaSet → Deployment, StatefulSet, DaemonSet and bare pods', () => {
    const rs = toResourceSet([
      deploymentObj('a', 'web'),
      replicaSetObj('a', 'web-abc', 'web'),
      podObj('a', 'web-abc-1', { owner: ownerRef('ReplicaSet', 'web-abc') }),
      podObj('a', 'web-abc-2', { owner: ownerRef('ReplicaSet', 'web-abc') }),
      podObj('a', 'db-0', { owner: ownerRef('StatefulSet', 'db') }),
      podObj('a', 'agent-x', { owner: ownerRef('DaemonSet', 'agent') }),
      podObj('a', 'debug'),
    ]);
    const groups = groupWorkloads(rs).map((g) => [g.ref.kind, g.ref.name, g.pods.length]);
    expect(groups).toEqual([
      ['DaemonSet', 'agent', 1],
      ['Deployment', 'web', 2],
      ['Pod', 'debug', 1],
      ['StatefulSet', 'db', 1],
    ]);
  });

  it('infers the Deployment from pod-template-hash when the ReplicaSet is not listed', () => {
    const rs = toResourceSet([
      podObj('a', 'api-5d8f-x', {
        owner: ownerRef('ReplicaSet', 'api-5d8f'),
        labels: { 'pod-template-hash': '5d8f' },
      }),
    ]);
    expect(groupWorkloads(rs).map((g) => g.ref)).toEqual([
      { namespace: 'a', kind: 'Deployment', name: 'api' },
    ]);
  });

  it('keeps a ReplicaSet without owner as its own workload and scaled-to-zero Deployments', () => {
    const rs = toResourceSet([
      replicaSetObj('a', 'lonely'),
      podObj('a', 'lonely-1', { owner: ownerRef('ReplicaSet', 'lonely') }),
      deploymentObj('a', 'idle'),
    ]);
    expect(groupWorkloads(rs).map((g) => [g.ref.kind, g.ref.name, g.pods.length])).toEqual([
      ['Deployment', 'idle', 0],
      ['ReplicaSet', 'lonely', 1],
    ]);
  });
});

describe('aggregateClassifications', () => {
  it('reports the common value when all pods agree', () => {
    const got = aggregateClassifications([c('ambient', 'captured'), c('ambient', 'captured')]);
    expect(got).toMatchObject({ dataplane: 'ambient', reason: 'captured' });
    expect(got.counts).toEqual({ sidecar: 0, ambient: 2, ambientPending: 0, none: 0, total: 2 });
  });

  it.each([
    [['sidecar', 'ambient'], 'sidecar'],
    [['ambient', 'ambient-pending'], 'ambient-pending'],
    [['ambient', 'none', 'sidecar'], 'none'],
  ] as const)('mixed %j → least migrated %s, with counts', (values, want) => {
    const got = aggregateClassifications(values.map((v) => c(v)));
    expect(got.dataplane).toBe(want);
    expect(got.reason).toMatch(/^mixed pods: /);
    for (const v of values) expect(got.reason).toContain(`1 ${v}`);
  });

  it('no pods → none', () => {
    expect(aggregateClassifications([])).toMatchObject({ dataplane: 'none', reason: 'no pods running' });
  });

  it('classifyWorkload classifies each pod against the namespace', () => {
    const ns = nsObj('a', { 'istio.io/dataplane-mode': 'ambient' });
    const got = classifyWorkload(
      [podObj('a', 'x', { captured: true }), podObj('a', 'y', { sidecar: true })],
      ns,
    );
    expect(got.dataplane).toBe('ambient-pending');
    expect(got.counts).toMatchObject({ ambient: 1, ambientPending: 1 });
  });
});

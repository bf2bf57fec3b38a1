import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { REDIRECTION, SIDECAR_STATUS } from './inject';
import { materialize } from './materialize';
import { readScenario } from './scenario';

const nsObj = (
  name: string,
  labels: Record<string, string> = {},
  annotations?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels, ...(annotations ? { annotations } : {}) },
});

function workload(
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet',
  ns: string,
  name: string,
  opts: {
    replicas?: number;
    podLabels?: Record<string, string>;
    annotations?: Record<string, string>;
    hostNetwork?: boolean;
  } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      ...(kind === 'DaemonSet' ? {} : { replicas: opts.replicas ?? 2 }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...(opts.podLabels ?? {}) } },
        spec: {
          serviceAccountName: name,
          containers: [{ name: 'main', image: `img/${name}:1` }],
          ...(opts.hostNetwork ? { hostNetwork: true } : {}),
        },
      },
    },
  };
}

const podsOf = (objs: KubeObject[], ns: string, prefix: string) =>
  objs.filter(
    (o) => o.kind === 'Pod' && o.metadata.namespace === ns && o.metadata.name.startsWith(`${prefix}-`),
  );
const hasSidecar = (p: KubeObject) => p.metadata.annotations?.[SIDECAR_STATUS] !== undefined;
const redirected = (p: KubeObject) => p.metadata.annotations?.[REDIRECTION] === 'enabled';

describe('materialize', () => {
  const objects = [
    nsObj('istio-system', {}, { 'demo.mesh-migrator.io/nodes': '4' }),
    nsObj('side', { 'istio-injection': 'enabled' }),
    nsObj('amb', { 'istio.io/dataplane-mode': 'ambient' }),
    nsObj('half', { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient' }),
    nsObj('plain'),
    workload('Deployment', 'side', 'web', { replicas: 3 }),
    workload('Deployment', 'side', 'optout', { podLabels: { 'sidecar.istio.io/inject': 'false' } }),
    workload('Deployment', 'side', 'hostnet', { hostNetwork: true }),
    workload('Deployment', 'amb', 'api'),
    workload('Deployment', 'amb', 'excluded', { podLabels: { 'istio.io/dataplane-mode': 'none' } }),
    workload('Deployment', 'plain', 'pod-ambient', { podLabels: { 'istio.io/dataplane-mode': 'ambient' } }),
    workload('Deployment', 'half', 'mixed', {
      replicas: 4,
      annotations: { 'demo.mesh-migrator.io/sidecar-pods': '1' },
    }),
    workload('StatefulSet', 'side', 'db', { replicas: 3 }),
    workload('DaemonSet', 'istio-system', 'ztunnel', { podLabels: { 'sidecar.istio.io/inject': 'false' } }),
  ];
  const out = materialize(objects, { seed: 7, now: new Date('2025-01-01T00:00:00Z') });

  it('creates a ReplicaSet per Deployment and its pods, linked by owner uids and pod-template-hash', () => {
    const dep = out.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web');
    const rs = out.find(
      (o) => o.kind === 'ReplicaSet' && o.metadata.ownerReferences?.[0]?.uid === dep?.metadata.uid,
    );
    expect(rs).toBeDefined();
    const hash = rs?.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    const pods = podsOf(out, 'side', `web-${hash}`);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        uid: rs?.metadata.uid,
        controller: true,
      });
      expect(p.metadata.labels?.['pod-template-hash']).toBe(hash);
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(p.status).toMatchObject({ phase: 'Running' });
      expect(p.status?.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
      expect(p.status?.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect((p.spec as { nodeName?: string }).nodeName).toMatch(/^demo-worker-\d$/);
    }
    expect(dep?.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3 });
  });

  it('injects sidecars where the namespace asks and the pod does not opt out', () => {
    expect(podsOf(out, 'side', 'web').every(hasSidecar)).toBe(true);
    expect(podsOf(out, 'side', 'optout').some(hasSidecar)).toBe(false);
    expect(podsOf(out, 'side', 'hostnet').some(hasSidecar)).toBe(false);
    const web = podsOf(out, 'side', 'web')[0];
    expect(
      ((web?.spec ?? {}) as { containers?: { name: string }[] }).containers?.map((c) => c.name),
    ).toContain('istio-proxy');
  });

  it('marks ambient pods with the redirection annotation and respects dataplane-mode=none', () => {
    expect(podsOf(out, 'amb', 'api').every((p) => redirected(p) && !hasSidecar(p))).toBe(true);
    expect(podsOf(out, 'amb', 'excluded').some(redirected)).toBe(false);
    expect(podsOf(out, 'plain', 'pod-ambient').every(redirected)).toBe(true);
    expect(podsOf(out, 'side', 'web').some(redirected)).toBe(false);
  });

  it('keeps sidecars only on the first N pods of a half-migrated workload', () => {
    const pods = podsOf(out, 'half', 'mixed');
    expect(pods).toHaveLength(4);
    expect(pods.filter(hasSidecar)).toHaveLength(1);
    expect(pods.filter((p) => !hasSidecar(p)).every(redirected)).toBe(true);
  });

  it('names StatefulSet pods by ordinal', () => {
    expect(
      podsOf(out, 'side', 'db')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it('runs one DaemonSet pod per node, from the istio-system node annotation', () => {
    const pods = podsOf(out, 'istio-system', 'ztunnel');
    expect(pods).toHaveLength(4);
    expect(new Set(pods.map((p) => (p.spec as { nodeName: string }).nodeName)).size).toBe(4);
  });

  it('gives hostNetwork pods the node IP', () => {
    const p = podsOf(out, 'side', 'hostnet')[0];
    expect(p?.status?.podIP).toBe(p?.status?.hostIP);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = materialize(objects, { seed: 7, now: new Date('2025-01-01T00:00:00Z') });
    expect(again).toEqual(out);
    const other = materialize(objects, { seed: 8, now: new Date('2025-01-01T00:00:00Z') });
    expect(other.map((o) => o.metadata.uid)).not.toEqual(out.map((o) => o.metadata.uid));
  });

  it('puts namespaces first and synthesises no CRDs', () => {
    expect(out.slice(0, 5).every((o) => o.kind === 'Namespace')).toBe(true);
    expect(out.some((o) => o.kind === 'CustomResourceDefinition')).toBe(false);
  });

  it('honours an explicit node count', () => {
    const few = materialize(objects, { nodes: 2 });
    expect(podsOf(few, 'istio-system', 'ztunnel')).toHaveLength(2);
  });
});

describe('the demo scenario', () => {
  let problems: unknown[] = [];
  let out: KubeObject[] = [];
  let pods: KubeObject[] = [];
  beforeAll(async () => {
    const read = await readScenario(path.resolve(__dirname, '../../scenarios/demo'));
    problems = read.problems;
    out = materialize(read.objects);
    pods = out.filter((o) => o.kind === 'Pod');
  });

  it('parses cleanly into a few hundred pods', () => {
    expect(problems).toEqual([]);
    expect(pods.length).toBeGreaterThan(200);
    expect(pods.length).toBeLessThan(600);
  });

  it('names only ServiceAccounts that exist', () => {
    const sas = new Set(
      out.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
    );
    const missing = pods
      .map((p) => `${p.metadata.namespace}/${(p.spec as { serviceAccountName?: string }).serviceAccountName}`)
      .filter((sa) => !sas.has(sa));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('has every object in a declared namespace', () => {
    const nss = new Set(out.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    expect(
      out.filter((o) => o.metadata.namespace && !nss.has(o.metadata.namespace)).map((o) => o.metadata.name),
    ).toEqual([]);
  });

  it('covers sidecar, ambient, half-migrated and outside namespaces', () => {
    const mode = (ns: string) => {
      const ps = pods.filter(
        (p) => p.metadata.namespace === ns && !p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'],
      );
      return {
        sidecar: ps.filter(hasSidecar).length,
        ambient: ps.filter(redirected).length,
        total: ps.length,
      };
    };
    expect(mode('bookinfo')).toMatchObject({ ambient: 0 });
    expect(mode('bookinfo').sidecar).toBe(mode('bookinfo').total);
    expect(mode('orders').ambient).toBe(mode('orders').total);
    const half = mode('checkout-v2');
    expect(half.sidecar).toBeGreaterThan(0);
    expect(half.ambient).toBeGreaterThan(0);
    expect(mode('monitoring')).toMatchObject({ sidecar: 0, ambient: 0 });
  });

  it('programs the orders waypoint with its own Deployment and pod', () => {
    const gw = out.find((o) => o.kind === 'Gateway' && o.metadata.name === 'waypoint');
    expect(gw?.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Programmed', status: 'True' }),
    );
    expect(
      out.some(
        (o) => o.kind === 'Deployment' && o.metadata.namespace === 'orders' && o.metadata.name === 'waypoint',
      ),
    ).toBe(true);
    expect(
      pods.some((p) => p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] === 'waypoint'),
    ).toBe(true);
  });
});

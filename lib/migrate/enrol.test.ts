import { afterEach, describe, expect, it } from 'vitest';
import { createDemoCluster } from '../demo';
import { kindByKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import {
  applyEnrolment,
  type EnrolProgress,
  previewEnrolment,
  rollbackEnrolment,
  rollbackOrder,
} from './enrol';
import { planNamespace } from './plan';
import { listRecords } from './records';
import { rolloutProgress } from './rollout';
import { authorizationPolicy, deployment, namespace, service, waypointClass } from './test-fixtures';

const NOW = new Date('2026-03-01T10:00:00Z');
const now = () => NOW;

const objects = (ns: string): KubeObject[] => [
  namespace(ns, { 'istio-injection': 'enabled' }),
  service(ns, 'api', { app: 'api' }),
  deployment(ns, 'api', { app: 'api' }, { spec: { serviceAccountName: 'api' } }),
  authorizationPolicy(ns, 'api-get', {
    selector: { matchLabels: { app: 'api' } },
    rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
  }),
];

const sources: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) await s.stop();
});

async function demo(extra: KubeObject[] = []) {
  const src = createDemoCluster({
    objects: [waypointClass, ...objects('shop'), ...objects('blog'), ...extra],
    tickMs: 0,
  });
  sources.push(src);
  await src.start();
  const settle = () => {
    for (let i = 0; i < 8; i++) src.tick();
  };
  settle();
  return { src, settle };
}

type Src = Awaited<ReturnType<typeof demo>>['src'];
const plans = (src: Src, ...ns: string[]) => ns.map((n) => planNamespace(src.snapshot().resources, n));
const labels = async (src: Src, ns: string) =>
  (await src.get(kindByKey('namespaces'), undefined, ns))?.metadata.labels ?? {};

describe('one-click enrolment', () => {
  it('previews every applicable step in one preview and changes nothing', async () => {
    const { src } = await demo();
    const p = await previewEnrolment(src, plans(src, 'shop'), { now });
    expect(p.steps.map((s) => s.step)).toEqual([
      'deploy-waypoint',
      'migrate-policies',
      'use-waypoint',
      'enable-ambient',
      'remove-injection',
      'restart-workloads',
    ]);
    expect(p.ok).toBe(true);
    expect(p.confirm).toMatch(/^enrol:1:\d+:[a-z0-9]+$/);
    expect(p.steps.flatMap((s) => s.changes).every((c) => c.diff !== '' || c.change === 'unchanged')).toBe(
      true,
    );
    expect(await labels(src, 'shop')).toEqual({ 'istio-injection': 'enabled' });
  });

  it('applies the steps in order with one confirmation, and the pods move to ztunnel', async () => {
    const { src, settle } = await demo();
    const ps = plans(src, 'shop');
    const { confirm } = await previewEnrolment(src, ps, { now });
    const progress: EnrolProgress[] = [];
    const r = await applyEnrolment(src, ps, { confirm, now, onProgress: (p) => progress.push(p) });
    expect(r.status).toBe('applied');
    expect(r.recordIds).toHaveLength(6);
    expect(progress.filter((p) => p.status === 'applying').map((p) => p.step)[0]).toBe('deploy-waypoint');
    expect(progress.at(-1)).toMatchObject({ step: 'restart-workloads', status: 'applied' });
    expect(await labels(src, 'shop')).toEqual({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    });
    const records = listRecords(src.snapshot().resources, 'shop');
    expect(new Set(records.map((x) => x.enrolment))).toEqual(new Set([r.enrolment]));
    settle();
    expect(rolloutProgress(src.snapshot().resources, 'shop')).toEqual([
      expect.objectContaining({ id: 'Deployment/shop/api', sidecar: 0, done: true }),
    ]);
  });

  it('refuses a stale confirmation, and a plan with blockers', async () => {
    const { src } = await demo([
      {
        apiVersion: 'networking.istio.io/v1alpha3',
        kind: 'EnvoyFilter',
        metadata: { name: 'lua', namespace: 'blog' },
        spec: { configPatches: [] },
      },
    ]);
    const stale = await applyEnrolment(src, plans(src, 'shop'), { confirm: 'enrol:1:6:nope', now });
    expect(stale).toMatchObject({ status: 'refused', recordIds: [] });
    const ps = plans(src, 'blog');
    const { confirm, blockers, ok } = await previewEnrolment(src, ps, { now });
    expect(ok).toBe(false);
    expect(blockers.length).toBeGreaterThan(0);
    const r = await applyEnrolment(src, ps, { confirm, now });
    expect(r.status).toBe('refused');
    expect(r.error).toMatch(/blocker/);
    expect(await labels(src, 'blog')).toEqual({ 'istio-injection': 'enabled' });
  });

  it('stops at the first failure and rolls back everything it did', async () => {
    // Another manager owns the policy copy the second step wants to create: server-side apply conflicts.
    const taken = authorizationPolicy('shop', 'api-get-waypoint', { action: 'DENY', rules: [{}] });
    const { src, settle } = await demo([taken]);
    const ps = plans(src, 'shop');
    const { confirm } = await previewEnrolment(src, ps, { now });
    const r = await applyEnrolment(src, ps, { confirm, now });
    expect(r.status).toBe('failed');
    expect(r.failedAt).toBe('shop/migrate-policies');
    // The failing step either wrote a record and stopped at the conflict, or (where apply dry-runs
    // every change first) was refused before writing; either way nothing after it ran.
    expect(r.steps).toHaveLength(2);
    expect(r.steps[0]?.status).toBe('applied');
    expect(['failed', 'refused']).toContain(r.steps[1]?.status);
    expect(await src.get(kindByKey('gateways'), 'shop', 'waypoint')).toBeDefined();

    const rb = await rollbackEnrolment(src, r.recordIds, { now });
    expect(rb.status).toBe('rolled-back');
    expect(await src.get(kindByKey('gateways'), 'shop', 'waypoint')).toBeUndefined();
    expect(
      await src.get(kindByKey('authorizationpolicies'), 'shop', 'api-deny-waypoint-bypass'),
    ).toBeUndefined();
    expect(await src.get(kindByKey('authorizationpolicies'), 'shop', 'api-get-waypoint')).toBeDefined();
    settle();
    // A refused step wrote no record; a failed one did. Every record written is rolled back.
    const written = r.steps[1]?.status === 'failed' ? 2 : 1;
    expect(listRecords(src.snapshot().resources, 'shop').map((x) => x.status)).toEqual(
      Array(written).fill('rolled-back'),
    );
  });

  it('enrols two namespaces with one confirmation and rolls both back, pods back on sidecars', async () => {
    const { src, settle } = await demo();
    const ps = plans(src, 'shop', 'blog');
    const { confirm, namespaces } = await previewEnrolment(src, ps, { now });
    expect(namespaces).toEqual(['shop', 'blog']);
    const r = await applyEnrolment(src, ps, { confirm, now });
    expect(r.status).toBe('applied');
    settle();
    expect(rolloutProgress(src.snapshot().resources, 'blog')[0]?.done).toBe(true);
    const rb = await rollbackEnrolment(src, r.recordIds, { now });
    expect(rb.status).toBe('rolled-back');
    settle();
    expect(await labels(src, 'blog')).toEqual({ 'istio-injection': 'enabled' });
    expect(rolloutProgress(src.snapshot().resources, 'blog')[0]).toMatchObject({ sidecar: 1, captured: 0 });
  });
});

describe('rollbackOrder', () => {
  it('undoes newest first, restarts last', () => {
    expect(
      rollbackOrder([
        'shop/mesh-migrator-record-enable-ambient-0001',
        'shop/mesh-migrator-record-remove-injection-0002',
        'shop/mesh-migrator-record-restart-workloads-0003',
      ]),
    ).toEqual([
      'shop/mesh-migrator-record-remove-injection-0002',
      'shop/mesh-migrator-record-enable-ambient-0001',
      'shop/mesh-migrator-record-restart-workloads-0003',
    ]);
  });
});

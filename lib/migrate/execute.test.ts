import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterSource } from '../cluster/source';
import { createDemoCluster } from '../demo';
import { kindByKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { applyStep } from './execute-apply';
import { previewStep } from './execute-preview';
import { rollbackStep } from './execute-rollback';
import { stepPermissions } from './permissions';
import { planNamespace, stepOf } from './plan';
import { listRecords } from './records';
import { authorizationPolicy, deployment, namespace, service } from './test-fixtures';
import { confirmationToken, forceConfirmation } from './token';
import type { MigrationPlan, StepId } from './types';

const NOW = new Date('2026-03-01T10:00:00Z');
const now = () => NOW;

function shopObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio-waypoint' },
      spec: { controllerName: 'istio.io/mesh-controller' },
    },
    namespace('shop', { 'istio-injection': 'enabled' }),
    service('shop', 'api', { app: 'api' }),
    service('shop', 'web', { app: 'web' }),
    deployment('shop', 'api', { app: 'api' }, { spec: { serviceAccountName: 'api' } }),
    deployment('shop', 'web', { app: 'web' }, { spec: { serviceAccountName: 'web' } }),
    authorizationPolicy('shop', 'api-get', {
      selector: { matchLabels: { app: 'api' } },
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    }),
  ];
}

const sources: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) await s.stop();
});

async function demo(extra: KubeObject[] = [], opts: { readOnly?: boolean } = {}) {
  const src = createDemoCluster({ objects: [...shopObjects(), ...extra], tickMs: 0, ...opts });
  sources.push(src);
  await src.start();
  for (let i = 0; i < 5; i++) src.tick();
  return src;
}

type Demo = Awaited<ReturnType<typeof demo>>;
const planOf = (src: Demo): MigrationPlan => planNamespace(src.snapshot().resources, 'shop');

async function applyPreviewed(src: Demo, id: StepId) {
  const plan = planOf(src);
  const preview = await previewStep(src, plan, id, { now });
  const result = await applyStep(src, plan, id, { confirm: preview.confirm, now });
  for (let i = 0; i < 5; i++) src.tick();
  return { plan, preview, result };
}

const nsLabels = async (src: Demo) =>
  (await src.get(kindByKey('namespaces'), undefined, 'shop'))?.metadata.labels ?? {};

describe('previewStep', () => {
  it('dry-runs a step, shows a YAML diff and changes nothing', async () => {
    const src = await demo();
    const plan = planOf(src);
    const p = await previewStep(src, plan, 'enable-ambient', { now });
    expect(p.ok).toBe(true);
    expect(p.confirm).toBe(confirmationToken(plan, 'enable-ambient'));
    expect(p.confirm).toMatch(/^enable-ambient:1:[a-z0-9]+$/);
    expect(p.changes).toHaveLength(1);
    expect(p.changes[0]).toMatchObject({ action: 'patch', ref: 'Namespace/shop', change: 'update' });
    expect(p.changes[0]?.diff).toContain('+    istio.io/dataplane-mode: ambient');
    expect(p.changes[0]?.diff).not.toMatch(/resourceVersion|uid:|managedFields/);
    expect((await nsLabels(src))['istio.io/dataplane-mode']).toBeUndefined();
  });

  it('marks new objects as create and reports conflicts with other field managers', async () => {
    const taken = authorizationPolicy('shop', 'api-get-waypoint', { action: 'DENY', rules: [{}] });
    const src = await demo([taken]);
    const p = await previewStep(src, planOf(src), 'migrate-policies', { now });
    const byRef = Object.fromEntries(p.changes.map((c) => [c.ref, c]));
    expect(byRef['AuthorizationPolicy/shop/api-deny-waypoint-bypass']?.change).toBe('create');
    expect(byRef['AuthorizationPolicy/shop/api-get-waypoint']?.error).toMatch(/conflict/i);
    expect(byRef['AuthorizationPolicy/shop/api-get-waypoint']?.conflicts?.length).toBeGreaterThan(0);
    expect(p.ok).toBe(false);
  });
});

describe('applyStep and rollbackStep', () => {
  it('refuses a wrong confirmation and a read-only source', async () => {
    const src = await demo();
    const plan = planOf(src);
    expect((await applyStep(src, plan, 'enable-ambient', { confirm: 'yes', now })).status).toBe('refused');
    src.setReadOnly(true);
    const r = await applyStep(src, plan, 'enable-ambient', {
      confirm: confirmationToken(plan, 'enable-ambient'),
      now,
    });
    expect(r.status).toBe('refused');
    expect(r.error).toMatch(/read-only/);
    expect((await nsLabels(src))['istio.io/dataplane-mode']).toBeUndefined();
    expect(listRecords(src.snapshot().resources, 'shop')).toEqual([]);
  });

  it('applies a step, records it in the cluster and rolls it back', async () => {
    const src = await demo();
    const { result } = await applyPreviewed(src, 'enable-ambient');
    expect(result.status).toBe('applied');
    expect((await nsLabels(src))['istio.io/dataplane-mode']).toBe('ambient');
    const [record] = listRecords(src.snapshot().resources, 'shop');
    expect(record).toMatchObject({
      id: result.recordId,
      step: 'enable-ambient',
      status: 'applied',
      who: 'demo-admin',
      when: NOW.toISOString(),
      seq: 1,
    });
    expect(record?.changes[0]).toMatchObject({ ref: 'Namespace/shop', status: 'done', change: 'update' });
    expect(record?.prior[0]?.object?.metadata.labels).toEqual({ 'istio-injection': 'enabled' });

    const rb = await rollbackStep(src, result.recordId ?? '', { now });
    expect(rb.status).toBe('rolled-back');
    expect(await nsLabels(src)).toEqual({ 'istio-injection': 'enabled' });
    expect(listRecords(src.snapshot().resources, 'shop')[0]?.status).toBe('rolled-back');
    expect((await rollbackStep(src, result.recordId ?? '')).status).toBe('refused');
  });

  it('rolls back created objects by deleting them and restarts by restoring the annotation', async () => {
    const src = await demo();
    const created = await applyPreviewed(src, 'migrate-policies');
    expect(created.result.status).toBe('applied');
    const ap = kindByKey('authorizationpolicies');
    expect(await src.get(ap, 'shop', 'api-get-waypoint')).toBeDefined();
    await rollbackStep(src, created.result.recordId ?? '');
    expect(await src.get(ap, 'shop', 'api-get-waypoint')).toBeUndefined();
    expect(await src.get(ap, 'shop', 'api-get')).toBeDefined();

    const restart = await applyPreviewed(src, 'restart-workloads');
    expect(restart.result.status).toBe('applied');
    const dep = kindByKey('deployments');
    const annotations = async () => {
      const spec = (await src.get(dep, 'shop', 'api'))?.spec as
        | { template?: { metadata?: { annotations?: Record<string, string> } } }
        | undefined;
      return spec?.template?.metadata?.annotations ?? {};
    };
    expect((await annotations())['kubectl.kubernetes.io/restartedAt']).toBe('2026-03-01T10:00:00Z');
    await rollbackStep(src, restart.result.recordId ?? '');
    expect((await annotations())['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
  });

  it('restores every prior state of a record left in-progress by an apply that was cut off', async () => {
    const src = await demo();
    const created = await applyPreviewed(src, 'migrate-policies');
    const ap = kindByKey('authorizationpolicies');
    expect(await src.get(ap, 'shop', 'api-get-waypoint')).toBeDefined();
    // What a crash between the changes and the record update leaves behind.
    const [ns, name] = (created.result.recordId ?? '').split('/');
    const cm = await src.get(kindByKey('configmaps'), ns, name ?? '');
    const record = JSON.parse(cm?.data?.['record.json'] ?? '{}');
    record.status = 'in-progress';
    for (const c of record.changes) c.status = 'not-attempted';
    await src.mergePatch(kindByKey('configmaps'), ns, name ?? '', {
      data: { 'record.json': JSON.stringify(record) },
    });
    const rolled = await rollbackStep(src, created.result.recordId ?? '');
    expect(rolled.status).toBe('rolled-back');
    expect(await src.get(ap, 'shop', 'api-get-waypoint')).toBeUndefined();
  });

  it('returns conflicts instead of forcing, and forces only with the second confirmation', async () => {
    const src = await demo([
      authorizationPolicy('shop', 'api-get-waypoint', { action: 'DENY', rules: [{}] }),
    ]);
    const plan = planOf(src);
    const token = confirmationToken(plan, 'migrate-policies');
    const recordsBefore = listRecords(src.snapshot().resources, 'shop').length;
    const first = await applyStep(src, plan, 'migrate-policies', { confirm: token, now });
    // The dry run of every change comes first: a conflict stops the step before anything is written.
    expect(first.status).toBe('refused');
    expect(first.error).toMatch(/nothing was changed/);
    expect(first.conflicts?.length).toBeGreaterThan(0);
    expect(listRecords(src.snapshot().resources, 'shop')).toHaveLength(recordsBefore);
    expect(
      (await applyStep(src, plan, 'migrate-policies', { confirm: token, force: true, now })).status,
    ).toBe('refused');
    const forced = await applyStep(src, plan, 'migrate-policies', {
      confirm: forceConfirmation(token),
      force: true,
      now,
    });
    expect(forced.status).toBe('applied');
    const copy = await src.get(kindByKey('authorizationpolicies'), 'shop', 'api-get-waypoint');
    expect(copy?.spec?.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'api' }]);
  });

  it('keeps a partial apply recorded so that rollback undoes what changed', async () => {
    const src = await demo();
    const plan = planOf(src);
    const restart = stepOf(plan, 'restart-workloads');
    const [first] = restart.patches;
    if (!first) throw new Error('no restart patch');
    restart.patches = [first, { ...first, target: { ...first.target, name: 'missing' } }];
    // A missing target fails the dry run: nothing is written.
    const dry = await applyStep(src, plan, 'restart-workloads', {
      confirm: confirmationToken(plan, 'restart-workloads'),
      now,
    });
    expect(dry.status).toBe('refused');
    expect(dry.recordId).toBeUndefined();
    // A write that fails after its dry run passed (the object went away in between) leaves a partial apply.
    const flaky: ClusterSource = Object.assign(Object.create(src) as ClusterSource, {
      mergePatch: (...a: Parameters<ClusterSource['mergePatch']>) =>
        a[2] === 'missing' && !a[4]?.dryRun
          ? Promise.reject(new Error('missing went away'))
          : a[2] === 'missing'
            ? src.mergePatch(a[0], a[1], first.target.name, a[3], a[4])
            : src.mergePatch(...a),
    });
    const r = await applyStep(flaky, plan, 'restart-workloads', {
      confirm: confirmationToken(plan, 'restart-workloads'),
      now,
    });
    expect(r.status).toBe('partially-applied');
    expect(r.changes.map((c) => c.status)).toEqual(['done', 'failed']);
    expect(r.error).toMatch(/missing/);
    expect(listRecords(src.snapshot().resources, 'shop')[0]?.status).toBe('partially-applied');
    const rb = await rollbackStep(src, r.recordId ?? '');
    expect(rb).toMatchObject({
      status: 'rolled-back',
      restored: [{ ref: `Deployment/shop/${first.target.name}`, action: 'restored' }],
    });
  });

  it('refuses clean-up until the namespace verifies, then deletes and can recreate', async () => {
    const src = await demo();
    for (const id of ['deploy-waypoint', 'migrate-policies'] as const)
      expect((await applyPreviewed(src, id)).result.status).toBe('applied');
    const early = await applyPreviewed(src, 'cleanup');
    expect(early.result.status).toBe('refused');
    expect(early.result.verification?.ok).toBe(false);
    for (const id of ['use-waypoint', 'enable-ambient', 'remove-injection', 'restart-workloads'] as const) {
      expect((await applyPreviewed(src, id)).result.status).toBe('applied');
    }
    const verify = await applyPreviewed(src, 'verify');
    expect(verify.result.verification?.checks.filter((c) => !c.ok && !c.advisory)).toEqual([]);
    expect(verify.result.status).toBe('applied');
    // Verifying again with nothing changed points at the same record instead of adding a row.
    const again = await applyPreviewed(src, 'verify');
    expect(again.result).toMatchObject({
      status: 'applied',
      recordId: verify.result.recordId,
      repeated: true,
    });
    const cleanup = await applyPreviewed(src, 'cleanup');
    expect(cleanup.result.status).toBe('applied');
    const ap = kindByKey('authorizationpolicies');
    expect(await src.get(ap, 'shop', 'api-get')).toBeUndefined();
    await rollbackStep(src, cleanup.result.recordId ?? '');
    const back = await src.get(ap, 'shop', 'api-get');
    expect(back?.spec?.selector).toEqual({ matchLabels: { app: 'api' } });
    expect(listRecords(src.snapshot().resources, 'shop').map((r) => r.step)).toEqual([
      'deploy-waypoint',
      'migrate-policies',
      'use-waypoint',
      'enable-ambient',
      'remove-injection',
      'restart-workloads',
      'verify',
      'cleanup',
    ]);
  });
});

describe('stepPermissions', () => {
  it('asks for every verb the step needs, including the record ConfigMap', async () => {
    const src = await demo();
    const plan = planOf(src);
    expect(await stepPermissions(src, plan, 'migrate-policies')).toEqual({ allowed: true, missing: [] });
    src.setReadOnly(true);
    const p = await stepPermissions(src, plan, 'migrate-policies');
    expect(p.allowed).toBe(false);
    expect(p.missing.map((m) => `${m.verb} ${m.resource}`)).toEqual([
      'create authorizationpolicies.security.istio.io',
      'patch authorizationpolicies.security.istio.io',
      'create configmaps',
      'patch configmaps',
    ]);
  });
});

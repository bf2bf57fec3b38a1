import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoCluster } from '../demo';
import { kindByKey } from '../k8s/kinds';
import { applyEnrolment, previewEnrolment, rollbackEnrolment } from './enrol';
import { previewEnrolmentRollback } from './enrol-rollback';
import { rollbackStep } from './execute-rollback';
import { planNamespace } from './plan';
import { listRecords, type RecordSigner } from './records';
import { authorizationPolicy, deployment, namespace, service, waypointClass } from './test-fixtures';
import { canonicalJson } from './token';

const NOW = new Date('2026-03-01T10:00:00Z');
const now = () => NOW;
// A keyed signer as the server's is (lib/server/confirm.ts is server-only).
const mac = (s: string) => createHash('sha256').update(`test-key:${s}`).digest('base64url');
const signer: RecordSigner = { sign: mac, verify: (input, sig) => sig === mac(input) };

const sources: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) await s.stop();
});

/** The demo cluster with `shop` enrolled (records signed by `signer`). */
async function enrolled() {
  const src = createDemoCluster({
    objects: [
      waypointClass,
      namespace('shop', { 'istio-injection': 'enabled' }),
      service('shop', 'api', { app: 'api' }),
      deployment('shop', 'api', { app: 'api' }, { spec: { serviceAccountName: 'api' } }),
      authorizationPolicy('shop', 'api-get', {
        selector: { matchLabels: { app: 'api' } },
        rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
      }),
    ],
    tickMs: 0,
  });
  sources.push(src);
  await src.start();
  for (let i = 0; i < 8; i++) src.tick();
  const plans = [planNamespace(src.snapshot().resources, 'shop')];
  const { confirm } = await previewEnrolment(src, plans, { now });
  const r = await applyEnrolment(src, plans, { confirm, now, step: { signer } });
  expect(r.status).toBe('applied');
  return { src, ids: r.recordIds };
}

type Src = Awaited<ReturnType<typeof enrolled>>['src'];
const nsLabels = async (src: Src) =>
  (await src.get(kindByKey('namespaces'), undefined, 'shop'))?.metadata.labels ?? {};
const digest = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex');

describe('previewEnrolmentRollback', () => {
  it('says per record, newest first and restarts last, what each object gets back, and changes nothing', async () => {
    const { src, ids } = await enrolled();
    const p = await previewEnrolmentRollback(src, ids, { signer });
    expect(p.refused).toBeUndefined();
    expect(p.records.map((r) => r.step)).toEqual([
      'remove-injection',
      'enable-ambient',
      'use-waypoint',
      'migrate-policies',
      'deploy-waypoint',
      'restart-workloads',
    ]);
    const waypoint = p.records.find((r) => r.step === 'deploy-waypoint')?.objects;
    expect(waypoint).toContainEqual(
      expect.objectContaining({
        ref: 'Gateway/shop/waypoint',
        action: 'delete',
        diff: expect.stringMatching(/^-kind: Gateway$/m),
      }),
    );
    // The label the first record puts back is already there when the second record's diff is read.
    const [removeInjection, enableAmbient] = p.records.map((r) =>
      r.objects.find((o) => o.ref === 'Namespace/shop'),
    );
    expect(removeInjection).toMatchObject({
      action: 'restore',
      diff: expect.stringMatching(/^\+ {4}istio-injection: enabled$/m),
    });
    expect(enableAmbient?.diff).toMatch(/^ {5}istio-injection: enabled$/m);
    expect(enableAmbient?.diff).toMatch(/^- {4}istio.io\/dataplane-mode: ambient$/m);
    expect(p.access.length).toBeGreaterThan(0);
    expect(p.bound.recordIds).toEqual(ids);
    expect(p.bound.records.map((r) => r.id).sort()).toEqual([...ids].sort());
    // Nothing written.
    expect(await nsLabels(src)).toEqual({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    });
    expect(listRecords(src.snapshot().resources, 'shop').every((r) => r.status === 'applied')).toBe(true);
  });

  it('reads differently once a live object or a record changed, so a confirmation of it goes stale', async () => {
    const { src, ids } = await enrolled();
    const before = digest((await previewEnrolmentRollback(src, ids, { signer })).bound);
    expect(digest((await previewEnrolmentRollback(src, ids, { signer })).bound)).toBe(before);
    await src.mergePatch(kindByKey('namespaces'), undefined, 'shop', { metadata: { labels: { team: 'a' } } });
    const afterLive = digest((await previewEnrolmentRollback(src, ids, { signer })).bound);
    expect(afterLive).not.toBe(before);
    const one = ids.find((id) => id.includes('-deploy-waypoint-')) ?? '';
    expect((await rollbackStep(src, one, { signer, now })).status).toBe('rolled-back');
    const p = await previewEnrolmentRollback(src, ids, { signer });
    expect(digest(p.bound)).not.toBe(afterLive);
    expect(p.records.find((r) => r.recordId === one)).toMatchObject({
      skipped: expect.stringMatching(/already rolled back/),
      objects: [],
    });
    expect(p.refused).toBeUndefined();
  });

  it('refuses a missing or untrusted record, naming it', async () => {
    const { src, ids } = await enrolled();
    const missing = await previewEnrolmentRollback(src, [...ids, 'shop/mesh-migrator-record-nope'], {
      signer,
    });
    expect(missing.refused).toMatchObject({ kind: 'missing', recordId: 'shop/mesh-migrator-record-nope' });
    const other: RecordSigner = { sign: () => 'x', verify: () => false };
    const untrusted = await previewEnrolmentRollback(src, ids, { signer: other });
    expect(untrusted.refused).toMatchObject({
      kind: 'untrusted',
      message: expect.stringMatching(/not trusted/),
    });
  });

  it('refuses the whole when every record was already rolled back', async () => {
    const { src, ids } = await enrolled();
    expect((await rollbackEnrolment(src, ids, { signer, now })).status).toBe('rolled-back');
    const p = await previewEnrolmentRollback(src, ids, { signer });
    expect(p.refused).toMatchObject({ kind: 'done', message: expect.stringMatching(/nothing to do/) });
  });
});

describe('rollbackEnrolment with the records its preview read', () => {
  it('rolls back what was previewed, and refuses a record stored differently since', async () => {
    const { src, ids } = await enrolled();
    const p = await previewEnrolmentRollback(src, ids, { signer });
    const expectJson = new Map(p.bound.records.map((r) => [r.id, r.json]));
    const first = ids[0] ?? '';
    expectJson.set(first, `${expectJson.get(first)} `);
    const rb = await rollbackEnrolment(src, ids, { signer, now, expectJson });
    expect(rb.status).toBe('rollback-failed');
    expect(rb.results.find((r) => r.recordId === first)).toMatchObject({
      status: 'refused',
      error: expect.stringMatching(/changed since the preview/),
    });
    const exact = await previewEnrolmentRollback(src, [first], { signer });
    const again = await rollbackEnrolment(src, [first], {
      signer,
      now,
      expectJson: new Map(exact.bound.records.map((r) => [r.id, r.json])),
    });
    expect(again.status).toBe('rolled-back');
    expect(await nsLabels(src)).toEqual({ 'istio-injection': 'enabled' });
  });
});

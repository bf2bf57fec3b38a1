import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindByKey } from '@/lib/k8s/kinds';
import type { KubeClusterSource } from '@/lib/k8s/source';
import {
  applyEnrolment,
  listRecords,
  type MigrationPlan,
  planNamespace,
  previewEnrolment,
  previewEnrolmentRollback,
  rollbackEnrolment,
  stepOf,
} from '@/lib/migrate';
import { createBookinfoCopy, deleteNamespaces, sourceFor, storedRecord, uniqueName, until } from './helpers';

// A copy of the demo's bookinfo without its one blocker (the fault-injecting ratings VirtualService).
const ns = uniqueName('enrol');
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const ORIGINAL = { 'istio-injection': 'enabled' };

type Template = { metadata?: { annotations?: Record<string, string> } };

describe(`one-click enrolment of a bookinfo copy (${ns}) on a real API server`, () => {
  let admin: KubeClusterSource;

  const planNow = (): MigrationPlan => planNamespace(admin.snapshot().resources, ns);
  // The API server adds kubernetes.io/metadata.name to every namespace: left out of the comparisons.
  const own = (l: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(l ?? {}).filter(([k]) => k !== 'kubernetes.io/metadata.name'));
  const labels = async () => own((await admin.get(kindByKey('namespaces'), undefined, ns))?.metadata.labels);
  const waypoint = () => admin.get(kindByKey('gateways'), ns, 'waypoint');
  const restartedAt = async (name: string) =>
    ((await admin.get(kindByKey('deployments'), ns, name))?.spec?.template as Template | undefined)?.metadata
      ?.annotations?.[RESTARTED_AT];
  const cachedLabels = () =>
    own(admin.snapshot().resources.namespaces.find((n) => n.metadata.name === ns)?.metadata.labels);
  const settledBack = async () => {
    await until(
      () => JSON.stringify(cachedLabels()) === JSON.stringify(ORIGINAL) || undefined,
      `the cache to see the namespace labels as before (now ${JSON.stringify(cachedLabels())})`,
      20_000,
    );
    const cachedWaypoint = () =>
      admin
        .snapshot()
        .resources.gateways.some((g) => g.metadata.namespace === ns && g.metadata.name === 'waypoint');
    await until(() => !cachedWaypoint() || undefined, 'the cache to see the waypoint gone', 20_000);
  };

  beforeAll(async () => {
    admin = sourceFor('admin');
    await admin.start();
    await createBookinfoCopy(admin, ns);
    await admin.delete(kindByKey('virtualservices'), ns, 'ratings');
    await until(
      () =>
        (admin.snapshot().resources.deployments.filter((d) => d.metadata.namespace === ns).length >= 6 &&
          !admin
            .snapshot()
            .resources.virtualservices.some(
              (v) => v.metadata.namespace === ns && v.metadata.name === 'ratings',
            )) ||
        undefined,
      'the copy in the cache',
      20_000,
    );
  });
  afterAll(async () => {
    await deleteNamespaces(admin, [ns]);
    await admin.stop();
  });

  it('previews every step at once with server dry runs, then applies them with one confirmation and rolls all back', async () => {
    const plans = [planNow()];
    expect(plans[0]?.findings.filter((f) => f.severity === 'blocker')).toEqual([]);
    const preview = await previewEnrolment(admin, plans);
    expect(preview.ok).toBe(true);
    expect(preview.steps.map((s) => s.step)).toEqual([
      'deploy-waypoint',
      'migrate-policies',
      'create-routes',
      'use-waypoint',
      'enable-ambient',
      'remove-injection',
      'restart-workloads',
    ]);
    expect(preview.steps.find((s) => s.step === 'deploy-waypoint')?.changes[0]).toMatchObject({
      change: 'create',
    });
    expect(await waypoint()).toBeUndefined();
    expect(listRecords(admin.snapshot().resources, ns)).toEqual([]);

    const stale = await applyEnrolment(admin, plans, { confirm: `${preview.confirm}x` });
    expect(stale.status).toBe('refused');

    const r = await applyEnrolment(admin, plans, { confirm: preview.confirm });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('applied');
    expect(r.recordIds).toHaveLength(7);
    for (const id of r.recordIds) expect((await storedRecord(admin, id)).enrolment).toBe(r.enrolment);
    expect(await labels()).toEqual({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    });
    expect(await waypoint()).toBeDefined();
    expect(await restartedAt('productpage-v1')).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The preview of the rollback reads every record and object as the API server has them, and writes nothing.
    const back = await previewEnrolmentRollback(admin, r.recordIds);
    expect(back.refused).toBeUndefined();
    expect(back.records.at(-1)?.step).toBe('restart-workloads');
    const objects = back.records.flatMap((x) => x.objects);
    expect(objects).toContainEqual(
      expect.objectContaining({ ref: `Gateway/${ns}/waypoint`, action: 'delete' }),
    );
    expect(objects.filter((o) => o.problem)).toEqual([]);
    expect(await waypoint()).toBeDefined();
    const rb = await rollbackEnrolment(admin, r.recordIds, {
      expectJson: new Map(back.bound.records.map((x) => [x.id, x.json])),
    });
    expect(rb.error).toBeUndefined();
    expect(rb.status).toBe('rolled-back');
    expect(await labels()).toEqual(ORIGINAL);
    expect(await waypoint()).toBeUndefined();
    expect(await restartedAt('productpage-v1')).toBeUndefined();
    expect(await admin.get(kindByKey('httproutes'), ns, 'reviews')).toBeUndefined();
    await settledBack();
  });

  it('stops at a failure half way, lists what changed, and rolls back everything done', async () => {
    const plans = [planNow()];
    const restarts = stepOf(plans[0] as MigrationPlan, 'restart-workloads').patches.map((p) => p.target.name);
    expect(restarts.length).toBeGreaterThan(2);
    const preview = await previewEnrolment(admin, plans);
    // After the preview, someone deletes the last workload the enrolment will restart.
    const gone = restarts.at(-1) as string;
    await admin.delete(kindByKey('deployments'), ns, gone);

    const r = await applyEnrolment(admin, plans, { confirm: preview.confirm });
    expect(r.status).toBe('failed');
    expect(r.failedAt).toBe(`${ns}/restart-workloads`);
    expect(r.steps.slice(0, 6).map((s) => s.status)).toEqual(Array(6).fill('applied'));
    const last = r.steps.at(-1);
    expect(last?.step).toBe('restart-workloads');
    if (last?.status === 'partially-applied') {
      // The restarts before the missing Deployment were done and are listed; the missing one failed.
      expect(last.changes.filter((c) => c.status === 'done').map((c) => c.ref)).toEqual(
        restarts.slice(0, -1).map((n) => `Deployment/${ns}/${n}`),
      );
      expect(last.changes.find((c) => c.status === 'failed')?.ref).toBe(`Deployment/${ns}/${gone}`);
      expect(await restartedAt(restarts[0] as string)).toBeDefined();
    } else {
      // Where apply dry-runs every change first, the step is refused with nothing of it written.
      expect(last?.status).toBe('refused');
      expect(last?.error).toContain(`Deployment/${ns}/${gone}`);
    }

    const rb = await rollbackEnrolment(admin, r.recordIds);
    expect(rb.status).toBe('rolled-back');
    expect(await labels()).toEqual(ORIGINAL);
    expect(await waypoint()).toBeUndefined();
    for (const n of restarts.slice(0, -1)) expect(await restartedAt(n)).toBeUndefined();
    const records = await Promise.all(r.recordIds.map((id) => storedRecord(admin, id)));
    expect(records.map((x) => x.status)).toEqual(Array(r.recordIds.length).fill('rolled-back'));
    expect(r.recordIds.length).toBeGreaterThanOrEqual(6);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindByKey, RECORD_LABEL } from '@/lib/k8s/kinds';
import type { KubeObject } from '@/lib/k8s/objects';
import type { KubeClusterSource } from '@/lib/k8s/source';
import {
  applyStep,
  confirmationToken,
  listRecords,
  type MigrationPlan,
  planNamespace,
  previewStep,
  rollbackStep,
  type StepId,
  stepOf,
  stepPermissions,
  verifyStep,
} from '@/lib/migrate';
import {
  createBookinfoCopy,
  deleteAll,
  deleteNamespaces,
  descriptorOfObject,
  refOf,
  sourceFor,
  storedRecord,
  uniqueName,
  until,
} from './helpers';

// A copy of the demo's bookinfo under a name of its own: other files may use `bookinfo` itself.
const ns = uniqueName('mig');
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

type Template = { metadata?: { annotations?: Record<string, string> } };

describe(`migrating a copy of the demo's bookinfo namespace (${ns}) on a real API server`, () => {
  let admin: KubeClusterSource;
  let pods = 0;
  const later: KubeClusterSource[] = [];

  const planNow = (): MigrationPlan => planNamespace(admin.snapshot().resources, ns);
  const live = (o: KubeObject) => admin.get(descriptorOfObject(o), o.metadata.namespace, o.metadata.name);
  const nsLabels = async () =>
    (await admin.get(kindByKey('namespaces'), undefined, ns))?.metadata.labels ?? {};
  const restartedAt = async (name: string) =>
    ((await admin.get(kindByKey('deployments'), ns, name))?.spec?.template as Template | undefined)?.metadata
      ?.annotations?.[RESTARTED_AT];
  const cachedRecords = () => listRecords(admin.snapshot().resources, ns);
  const cached = (what: string, fn: () => boolean | undefined) =>
    until(() => fn() || undefined, what, 20_000);

  const stored = (recordId: string | undefined) => storedRecord(admin, recordId);

  async function previewAndApply(id: StepId) {
    const plan = planNow();
    const preview = await previewStep(admin, plan, id);
    const result = await applyStep(admin, plan, id, { confirm: preview.confirm });
    return { plan, preview, result, record: await stored(result.recordId) };
  }

  beforeAll(async () => {
    admin = sourceFor('admin');
    later.push(admin);
    await admin.start();
    pods = (await createBookinfoCopy(admin, ns)).filter((o) => o.kind === 'Pod').length;
    await cached(
      'the copied pods',
      () => admin.snapshot().resources.pods.filter((p) => p.metadata.namespace === ns).length === pods,
    );
  });
  afterAll(async () => {
    await deleteNamespaces(admin, [ns]);
    for (const s of later) await s.stop();
  });

  it('plans the namespace from the live snapshot', () => {
    const plan = planNow();
    expect(pods).toBeGreaterThan(10);
    expect(plan.waypoint).toEqual({ name: 'waypoint', namespace: ns });
    expect(stepOf(plan, 'deploy-waypoint').objects.map(refOf)).toEqual([`Gateway/${ns}/waypoint`]);
    const routes = stepOf(plan, 'create-routes').objects.map(refOf);
    expect(routes).toEqual(expect.arrayContaining([`HTTPRoute/${ns}/reviews`, `Service/${ns}/reviews-v1`]));
    expect(stepOf(plan, 'restart-workloads').patches).toHaveLength(6);
    expect(plan.findings.map((f) => f.id)).toContain(
      `conversion:VirtualService/${ns}/ratings:spec.http[0].fault`,
    );
  });

  it('previews deploy-waypoint and create-routes with server dry runs and stores nothing', async () => {
    const plan = planNow();
    for (const id of ['deploy-waypoint', 'create-routes'] as const) {
      const preview = await previewStep(admin, plan, id);
      expect(preview.confirm).toBe(confirmationToken(plan, id));
      expect(preview.changes.length).toBe(stepOf(plan, id).objects.length);
      for (const c of preview.changes) {
        expect([c.ref, c.error, c.change, c.simulated]).toEqual([c.ref, undefined, 'create', undefined]);
        // What the server would store: it assigned a uid, and the diff adds the whole object.
        expect(c.result?.metadata.uid, c.ref).toBeTruthy();
        expect(c.diff).toContain('+kind: ');
      }
      expect(preview.ok).toBe(true);
      for (const o of stepOf(plan, id).objects) expect(await live(o), refOf(o)).toBeUndefined();
    }
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const list = await admin.rest.request<{ items: unknown[] }>('GET', path, {
      query: { labelSelector: `${RECORD_LABEL}=true` },
    });
    expect(list.items).toEqual([]);
  });

  it('refuses a wrong confirmation, another step’s token, and forcing without the second confirmation', async () => {
    const plan = planNow();
    const token = confirmationToken(plan, 'deploy-waypoint');
    const attempts = [
      { confirm: 'deploy-waypoint:1:0000000000' },
      { confirm: confirmationToken(plan, 'create-routes') },
      { confirm: token, force: true },
    ];
    for (const opts of attempts) {
      const r = await applyStep(admin, plan, 'deploy-waypoint', opts);
      expect([r.status, r.recordId]).toEqual(['refused', undefined]);
      expect(r.error).toMatch(/confirmation/);
    }
    expect(await live(stepOf(plan, 'deploy-waypoint').objects[0] as KubeObject)).toBeUndefined();
  });

  it('the viewer: stepPermissions names what is missing, and the API server refuses the apply (403)', async () => {
    const plan = planNow();
    const viewer = sourceFor('viewer');
    later.push(viewer);
    await viewer.start();
    const perms = await stepPermissions(viewer, plan, 'deploy-waypoint');
    expect(perms.allowed).toBe(false);
    expect(perms.missing.map((m) => `${m.verb} ${m.resource} ${m.namespace}`)).toEqual(
      expect.arrayContaining([
        `create gateways.gateway.networking.k8s.io ${ns}`,
        `patch gateways.gateway.networking.k8s.io ${ns}`,
        `create configmaps ${ns}`,
      ]),
    );
    expect(perms.missing.filter((m) => m.verb === 'get')).toEqual([]);
    expect(await stepPermissions(admin, plan, 'deploy-waypoint')).toEqual({ allowed: true, missing: [] });

    const waypoint = stepOf(plan, 'deploy-waypoint').objects[0] as KubeObject;
    await expect(viewer.apply(waypoint)).rejects.toMatchObject({ status: 403 });
    const confirm = confirmationToken(plan, 'deploy-waypoint');
    const r = await applyStep(viewer, plan, 'deploy-waypoint', { confirm });
    expect(r.status).toBe('refused');
    // The dry run of every change comes before the record: the viewer is refused there, nothing written.
    expect(r.error).toMatch(/forbidden.*nothing was changed/i);
    expect(await live(waypoint)).toBeUndefined();
  });

  it('applies deploy-waypoint with the preview’s token and keeps a record a restarted dashboard reads back', async () => {
    const { plan, result, record } = await previewAndApply('deploy-waypoint');
    expect(result.changes).toMatchObject([
      { ref: `Gateway/${ns}/waypoint`, change: 'create', status: 'done' },
    ]);
    expect([result.status, result.error]).toEqual(['applied', undefined]);
    const raw = await admin.rest.request<{ metadata: { managedFields?: { manager?: string }[] } }>(
      'GET',
      `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/gateways/waypoint`,
    );
    expect(raw.metadata.managedFields?.map((m) => m.manager)).toContain('mesh-migrator');

    expect(result.recordId).toBe(`${ns}/mesh-migrator-record-deploy-waypoint-0001`);
    const cm = await admin.get(kindByKey('configmaps'), ns, 'mesh-migrator-record-deploy-waypoint-0001');
    expect(cm?.metadata.labels?.[RECORD_LABEL]).toBe('true');
    expect(record).toMatchObject({
      step: 'deploy-waypoint',
      confirm: confirmationToken(plan, 'deploy-waypoint'),
      who: (await admin.whoAmI()).username,
      prior: [{ ref: `Gateway/${ns}/waypoint`, existed: false }],
    });
    expect(record.changes.map((c) => c.status)).toEqual(['done']);
    expect(record.status).toBe('applied');

    const restarted = sourceFor('admin');
    later.push(restarted);
    await restarted.start();
    expect(listRecords(restarted.snapshot().resources, ns)).toEqual([record]);
    await restarted.stop();
  });

  it('verify of deploy-waypoint reports the waypoint not Programmed: nothing programs it on a bare API server', async () => {
    const gateways = () => admin.snapshot().resources.gateways;
    await cached('the waypoint', () =>
      gateways().some((g) => g.metadata.namespace === ns && g.metadata.name === 'waypoint'),
    );
    const plan = planNow();
    // A new plan reads the cluster: the waypoint exists, so there is nothing left to deploy.
    expect(stepOf(plan, 'deploy-waypoint')).toMatchObject({ skipped: true, objects: [] });
    const v = verifyStep(admin.snapshot().resources, ns, 'deploy-waypoint', { plan });
    expect(v.ok).toBe(false);
    expect(v.checks.find((c) => c.name === 'waypoint programmed')).toMatchObject({
      ok: false,
      // The CRD's default status: no controller ever moves it on.
      detail: 'Programmed=Unknown: Waiting for controller',
    });
  });

  it('reports a 409 conflict naming the other field manager and writes nothing', async () => {
    const plan = planNow();
    const objects = stepOf(plan, 'create-routes').objects;
    const contested = objects.find((o) => o.kind === 'HTTPRoute') as KubeObject;
    try {
      // Another team applied the same route first, with its own value for a label the step sets.
      const labels = { 'app.kubernetes.io/managed-by': 'platform-team' };
      await admin.rest.request(
        'PATCH',
        `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes/${contested.metadata.name}`,
        {
          query: { fieldManager: 'platform-team' },
          body: { ...contested, metadata: { ...contested.metadata, labels } },
          contentType: 'application/apply-patch+yaml',
        },
      );
      const preview = await previewStep(admin, plan, 'create-routes');
      expect(preview.ok).toBe(false);
      const previewed = preview.changes.find((c) => c.ref === refOf(contested));
      expect(previewed?.conflicts?.map((c) => c.field)).toContain(
        '.metadata.labels.app.kubernetes.io/managed-by',
      );
      expect(new Set(previewed?.conflicts?.map((c) => c.manager))).toEqual(new Set(['platform-team']));

      // Every change is dry-run before the first write: the conflict stops the step with nothing written.
      const result = await applyStep(admin, plan, 'create-routes', { confirm: preview.confirm });
      expect(result.status).toBe('refused');
      expect(new Set(result.conflicts?.map((c) => c.manager))).toEqual(new Set(['platform-team']));
      expect(result.error).toContain(refOf(contested));
      expect(result.error).toMatch(/nothing was changed/);
      expect(result.recordId).toBeUndefined();
      expect((await live(contested))?.metadata.labels).toEqual(labels);
      for (const o of objects.filter((x) => refOf(x) !== refOf(contested)))
        expect(await live(o), refOf(o)).toBeUndefined();
    } finally {
      await deleteAll(admin, objects);
    }
  });

  it('applies create-routes, and rollback removes every object it created', async () => {
    const routes = () => admin.snapshot().resources.httproutes.filter((r) => r.metadata.namespace === ns);
    await cached('no routes left', () => routes().length === 0);
    const { plan, result } = await previewAndApply('create-routes');
    const objects = stepOf(plan, 'create-routes').objects;
    try {
      expect([result.status, result.error]).toEqual(['applied', undefined]);
      expect(result.changes.map((c) => c.change)).toEqual(objects.map(() => 'create'));
      for (const o of objects) expect(await live(o), refOf(o)).toBeDefined();
      await cached('the routes', () => routes().length > 0);
      const v = verifyStep(admin.snapshot().resources, ns, 'create-routes', { plan });
      expect(v.checks.find((c) => c.name === 'objects present')).toMatchObject({ ok: true });
      expect(v.checks.find((c) => c.name === 'routes accepted')).toMatchObject({ ok: false });

      const rb = await rollbackStep(admin, result.recordId as string);
      expect([rb.status, rb.error]).toEqual(['rolled-back', undefined]);
      expect(rb.restored.map((r) => r.action)).toEqual(objects.map(() => 'deleted'));
      for (const o of objects) expect(await live(o), refOf(o)).toBeUndefined();
      expect((await stored(result.recordId)).status).toBe('rolled-back');
      expect(await rollbackStep(admin, result.recordId as string)).toMatchObject({ status: 'refused' });
    } finally {
      await deleteAll(admin, objects);
    }
  });

  it('label steps patch the namespace, and rolling them back restores the labels', async () => {
    expect(await nsLabels()).toMatchObject({ 'istio-injection': 'enabled' });
    try {
      const removed = await previewAndApply('remove-injection');
      expect([removed.result.status, removed.result.error]).toEqual(['applied', undefined]);
      expect(await nsLabels()).not.toHaveProperty('istio-injection');
      const ambient = await previewAndApply('enable-ambient');
      expect([ambient.result.status, ambient.result.error]).toEqual(['applied', undefined]);
      expect(await nsLabels()).toMatchObject({ 'istio.io/dataplane-mode': 'ambient' });

      expect((await rollbackStep(admin, ambient.result.recordId as string)).status).toBe('rolled-back');
      expect(await nsLabels()).not.toHaveProperty('istio.io/dataplane-mode');
      expect((await rollbackStep(admin, removed.result.recordId as string)).status).toBe('rolled-back');
      expect(await nsLabels()).toMatchObject({ 'istio-injection': 'enabled' });
    } finally {
      const labels = { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': null };
      await admin.mergePatch(kindByKey('namespaces'), undefined, ns, { metadata: { labels } });
    }
  });

  it('restart-workloads stamps the Deployments, but with no controller the pods keep their sidecars: verify fails', async () => {
    await cached('the namespace labels restored', () =>
      admin
        .snapshot()
        .resources.namespaces.some((n) => n.metadata.name === ns && n.metadata.labels?.['istio-injection']),
    );
    const { plan, result } = await previewAndApply('restart-workloads');
    const deployments = stepOf(plan, 'restart-workloads').patches.map((p) => p.target.name);
    try {
      expect([result.status, result.error]).toEqual(['applied', undefined]);
      for (const name of deployments) expect(await restartedAt(name), name).toMatch(/^\d{4}-\d\d-\d\dT/);

      const verifyPlan = planNow();
      const confirm = confirmationToken(verifyPlan, 'verify');
      const verified = await applyStep(admin, verifyPlan, 'verify', { confirm });
      expect(verified.status).toBe('failed');
      const checks = new Map(verified.verification?.checks.map((c) => [c.name, c]));
      expect(checks.get('pods without sidecars')).toMatchObject({ ok: false });
      expect(checks.get('pods without sidecars')?.detail).toContain(`${pods} pod(s) still have a sidecar`);
      expect(checks.get('waypoint programmed')).toMatchObject({ ok: false });
      expect(checks.get('ambient label')).toMatchObject({ ok: false });
      expect((await stored(verified.recordId)).status).toBe('failed');

      expect((await rollbackStep(admin, result.recordId as string)).status).toBe('rolled-back');
      for (const name of deployments) expect(await restartedAt(name), name).toBeUndefined();
    } finally {
      const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: null } } } } };
      for (const name of deployments) await admin.mergePatch(kindByKey('deployments'), ns, name, patch);
    }
  });

  it('rolls back deploy-waypoint: the Gateway it created is gone, and a restarted dashboard sees every record', async () => {
    const record = cachedRecords().find((r) => r.step === 'deploy-waypoint');
    const rb = await rollbackStep(admin, record?.id ?? '');
    expect(rb).toMatchObject({
      status: 'rolled-back',
      restored: [{ ref: `Gateway/${ns}/waypoint`, action: 'deleted' }],
    });
    expect(await admin.get(kindByKey('gateways'), ns, 'waypoint')).toBeUndefined();

    await stored(record?.id);
    const restarted = sourceFor('admin');
    later.push(restarted);
    await restarted.start();
    const steps = listRecords(restarted.snapshot().resources, ns).map((r) => `${r.step}:${r.status}`);
    expect(steps).toEqual([
      'deploy-waypoint:rolled-back',
      // The conflicting create-routes was refused before anything was written: no record.
      'create-routes:rolled-back',
      'remove-injection:rolled-back',
      'enable-ambient:rolled-back',
      'restart-workloads:rolled-back',
      'verify:failed',
    ]);
  });
});

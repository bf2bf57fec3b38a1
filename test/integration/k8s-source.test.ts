import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChangeEvent } from '@/lib/cluster/source';
import { isApiError } from '@/lib/k8s/errors';
import { kindByKey } from '@/lib/k8s/kinds';
import { KubeClusterSource } from '@/lib/k8s/source';

function kubeconfig(context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(inject('MM_KUBECONFIG'), 'utf8'));
  kc.setCurrentContext(context);
  return kc;
}

async function until<T>(fn: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ns = `it-src-${Date.now().toString(36)}`;
const cm = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels: { 'mesh-migrator.io/record': 'true' } },
  data,
});

describe('KubeClusterSource against a real API server', () => {
  let admin: KubeClusterSource;
  let events: ChangeEvent[] = [];

  beforeAll(async () => {
    admin = new KubeClusterSource({ kc: kubeconfig('admin') });
    await admin.start();
    admin.subscribe((e) => events.push(e));
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  afterAll(async () => {
    await admin.delete(kindByKey('namespaces'), undefined, ns).catch(() => undefined);
    await admin.stop();
  });

  it('lists every kind, CRDs included', () => {
    const snap = admin.snapshot();
    for (const [key, status] of Object.entries(snap.kinds))
      expect([key, status.state, status.message]).toEqual([key, 'ok', undefined]);
    expect(
      snap.resources.customresourcedefinitions.some(
        (c) => c.metadata.name === 'httproutes.gateway.networking.k8s.io',
      ),
    ).toBe(true);
    expect(snap.resources.namespaces[0]?.metadata).not.toHaveProperty('managedFields');
  });

  it('sees creates, updates and deletes through the watch', async () => {
    events = [];
    await admin.apply(cm('watched', { a: '1' }));
    const created = await until(
      () =>
        admin
          .snapshot()
          .resources.configmaps.find((c) => c.metadata.name === 'watched' && c.metadata.namespace === ns),
      'create',
    );
    expect(created.data).toEqual({ a: '1' });
    await admin.mergePatch(kindByKey('configmaps'), ns, 'watched', { data: { a: '2' } });
    await until(
      () =>
        admin.snapshot().resources.configmaps.find((c) => c.metadata.name === 'watched' && c.data?.a === '2'),
      'update',
    );
    await admin.delete(kindByKey('configmaps'), ns, 'watched');
    await until(
      () =>
        !admin
          .snapshot()
          .resources.configmaps.some((c) => c.metadata.name === 'watched' && c.metadata.namespace === ns) ||
        undefined,
      'delete',
    );
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ADDED', 'MODIFIED', 'DELETED']));
  });

  it('server-side apply dry run returns the object and stores nothing', async () => {
    const out = await admin.apply(cm('dry', { x: 'y' }), { dryRun: true });
    expect(out.metadata.name).toBe('dry');
    expect(out.data).toEqual({ x: 'y' });
    expect(out.metadata.uid).toBeTruthy();
    expect(await admin.get(kindByKey('configmaps'), ns, 'dry')).toBeUndefined();
  });

  it('reports a conflict with another field manager instead of forcing', async () => {
    await admin.rest.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/contested`, {
      query: { fieldManager: 'someone-else' },
      body: cm('contested', { owner: 'them' }),
      contentType: 'application/apply-patch+yaml',
    });
    const err = await admin.apply(cm('contested', { owner: 'us' })).catch((e: unknown) => e);
    expect(isApiError(err) && err.status).toBe(409);
    expect(isApiError(err) && err.conflicts?.map((c) => c.manager)).toEqual(['someone-else']);
    expect((await admin.get(kindByKey('configmaps'), ns, 'contested'))?.data).toEqual({ owner: 'them' });
    const forced = await admin.apply(cm('contested', { owner: 'us' }), { force: true });
    expect(forced.data).toEqual({ owner: 'us' });
  });

  it('gives the read-only user a clear 403 for writes, and says what it may not do', async () => {
    const viewer = new KubeClusterSource({ kc: kubeconfig('viewer') });
    const err = await viewer.apply(cm('nope', { a: 'b' })).catch((e: unknown) => e);
    expect(isApiError(err) && err.status).toBe(403);
    expect((err as Error).message).toMatch(/forbidden/i);
    const access = await viewer.canI({
      verb: 'patch',
      group: '',
      resource: 'namespaces',
      namespace: undefined,
    });
    expect(access.allowed).toBe(false);
    expect((await viewer.canI({ verb: 'list', group: 'apps', resource: 'deployments' })).allowed).toBe(true);
    expect((await viewer.whoAmI()).username).toBe('viewer');
  });

  it('read-only mode refuses writes before they reach the server, dry runs still work', async () => {
    const ro = new KubeClusterSource({ kc: kubeconfig('admin'), readOnly: true });
    await expect(ro.apply(cm('ro', { a: 'b' }))).rejects.toMatchObject({ status: 403, reason: 'ReadOnly' });
    await expect(ro.apply(cm('ro', { a: 'b' }), { dryRun: true })).resolves.toMatchObject({
      metadata: { name: 'ro' },
    });
    expect(
      (await ro.canI({ verb: 'create', group: '', resource: 'configmaps', namespace: ns })).allowed,
    ).toBe(false);
  });

  it('falls back to the context namespace for a user without cluster-wide lists', async () => {
    const team = new KubeClusterSource({ kc: kubeconfig('team'), fallbackNamespaces: ['bookinfo'] });
    await team.start();
    try {
      const snap = team.snapshot();
      expect(snap.kinds.pods.state).toBe('ok');
      expect(snap.kinds.pods.message).toMatch(/showing namespace/);
      expect(snap.kinds.namespaces.state).toBe('ok');
    } finally {
      await team.stop();
    }
  });
});

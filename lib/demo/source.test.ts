import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../cluster/source';
import type { KubeObject } from '../k8s/objects';
import { apiError, CM, cluster, DEPLOY, deployment, NS, VS, virtualService } from './fixtures';

describe('DemoClusterSource: store', () => {
  it('loads objects with server metadata, synthesised CRDs and system namespaces', async () => {
    const c = await cluster();
    const s = c.snapshot();
    const vs = s.resources.virtualservices[0];
    expect(vs?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(vs?.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(vs?.metadata.generation).toBe(1);
    expect(s.resources.namespaces.map((n) => n.metadata.name)).toContain('kube-system');
    const httproutes = s.resources.customresourcedefinitions.find(
      (d) => d.metadata.name === 'httproutes.gateway.networking.k8s.io',
    );
    expect(httproutes?.metadata.annotations).toMatchObject({
      'gateway.networking.k8s.io/bundle-version': 'v1.6.1',
      'gateway.networking.k8s.io/channel': 'experimental',
    });
    expect(
      s.resources.customresourcedefinitions.some(
        (d) => d.metadata.name === 'virtualservices.networking.istio.io',
      ),
    ).toBe(true);
    expect(Object.values(s.kinds).every((k) => k.state === 'ok')).toBe(true);
  });

  it('apply merges maps, replaces lists and changes resourceVersion and generation', async () => {
    const c = await cluster();
    const before = await c.get(VS, 'app', 'reviews');
    const out = await c.apply(
      {
        ...virtualService(['reviews', 'reviews.app.svc.cluster.local']),
        metadata: { name: 'reviews', namespace: 'app', labels: { team: 'x' } },
      },
      { force: true },
    );
    expect((out.spec as { hosts: string[] }).hosts).toEqual(['reviews', 'reviews.app.svc.cluster.local']);
    expect(out.metadata.labels).toEqual({ team: 'x' });
    expect(out.metadata.uid).toBe(before?.metadata.uid);
    expect(out.metadata.resourceVersion).not.toBe(before?.metadata.resourceVersion);
    expect(out.metadata.generation).toBe(2);
    const label = await c.apply({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'app', labels: { more: 'y' } },
    });
    expect(label.metadata.labels).toEqual({ team: 'x', more: 'y' });
    expect(label.metadata.generation).toBe(2);
    expect((label.spec as { http: unknown[] }).http).toHaveLength(1);
  });

  it('apply conflicts with another manager unless forced', async () => {
    const c = await cluster();
    const e = await apiError(c.apply(virtualService(['other'])));
    expect(e.status).toBe(409);
    expect(e.conflicts).toEqual([expect.objectContaining({ manager: 'kubectl', field: '.spec.hosts' })]);
    expect(((await c.get(VS, 'app', 'reviews'))?.spec as { hosts?: string[] } | undefined)?.hosts).toEqual([
      'reviews',
    ]);
    await c.apply(virtualService(['other']), { force: true });
    expect(((await c.get(VS, 'app', 'reviews'))?.spec as { hosts?: string[] } | undefined)?.hosts).toEqual([
      'other',
    ]);
    expect(c.fieldManagers(VS, 'app', 'reviews')['.spec.hosts']).toBe('mesh-migrator');
    // Now mesh-migrator owns it: a second change needs no force.
    await c.apply(virtualService(['third']));
  });

  it('apply creates missing objects; create refuses existing ones', async () => {
    const c = await cluster();
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'rec', namespace: 'app', labels: { 'mesh-migrator.io/record': 'true' } },
      data: { a: '1' },
    };
    await c.apply(cm);
    expect(c.snapshot().resources.configmaps.map((o) => o.metadata.name)).toEqual(['rec']);
    expect((await apiError(c.create(cm))).status).toBe(409);
    await c.create({ ...cm, metadata: { name: 'unlabelled', namespace: 'app' } });
    expect(await c.get(CM, 'app', 'unlabelled')).toBeDefined();
    // Only record ConfigMaps are listed, as the real source lists them by label.
    expect(c.snapshot().resources.configmaps.map((o) => o.metadata.name)).toEqual(['rec']);
  });

  it('merge patch deletes keys set to null', async () => {
    const c = await cluster();
    await c.mergePatch(NS, undefined, 'app', {
      metadata: { labels: { 'istio-injection': null, 'istio.io/dataplane-mode': 'ambient' } },
    });
    const ns = await c.get(NS, undefined, 'app');
    expect(ns?.metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
  });

  it('dry runs return the result and store nothing', async () => {
    const c = await cluster();
    const rev = c.snapshot().revision;
    const out = await c.mergePatch(
      NS,
      undefined,
      'app',
      { metadata: { labels: { x: 'y' } } },
      { dryRun: true },
    );
    expect(out.metadata.labels?.x).toBe('y');
    await c.apply(deployment('app', 'new'), { dryRun: true });
    await c.create(deployment('app', 'new2'), { dryRun: true });
    await c.delete(DEPLOY, 'app', 'web', { dryRun: true });
    expect(c.snapshot().revision).toBe(rev);
    expect((await c.get(NS, undefined, 'app'))?.metadata.labels?.x).toBeUndefined();
    expect(await c.get(DEPLOY, 'app', 'new')).toBeUndefined();
    expect(await c.get(DEPLOY, 'app', 'web')).toBeDefined();
  });

  it.each([
    [
      'an unknown kind',
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'app' } },
      404,
      'the server could not find the requested resource',
    ],
    [
      'a missing name',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', namespace: 'app' } },
      422,
      'name',
    ],
    [
      'an invalid name',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: 'app' } },
      422,
      'RFC 1123',
    ],
    [
      'a missing namespace',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'nope' } },
      404,
      'namespaces "nope" not found',
    ],
  ])('rejects %s', async (_name, obj, status, message) => {
    const c = await cluster();
    const e = await apiError(c.apply(obj as KubeObject));
    expect(e.status).toBe(status);
    expect(e.message).toContain(message);
  });

  it('answers 404 for patching or deleting what is absent', async () => {
    const c = await cluster();
    expect((await apiError(c.mergePatch(DEPLOY, 'app', 'nope', {}))).message).toBe(
      'deployments.apps "nope" not found',
    );
    expect((await apiError(c.delete(DEPLOY, 'app', 'nope'))).status).toBe(404);
  });

  it('read-only refuses writes with 403 but allows dry runs', async () => {
    const c = await cluster([], { readOnly: true });
    expect((await apiError(c.apply(virtualService(['x']), { force: true }))).status).toBe(403);
    await c.apply(virtualService(['x']), { force: true, dryRun: true });
    expect(await c.canI({ verb: 'patch', group: '', resource: 'namespaces' })).toEqual({
      allowed: false,
      reason: 'read-only demo',
    });
    expect((await c.canI({ verb: 'list', group: '', resource: 'pods' })).allowed).toBe(true);
    c.setReadOnly(false);
    expect((await c.canI({ verb: 'patch', group: '', resource: 'namespaces' })).allowed).toBe(true);
    expect(await c.whoAmI()).toEqual({ username: 'demo-admin', groups: ['system:masters'] });
    expect(c.info()).toMatchObject({ source: 'demo', readOnly: false });
  });

  it('emits events for writes and controller changes; the snapshot is cached between changes', async () => {
    const c = await cluster();
    const events: ChangeEvent[] = [];
    c.subscribe((e) => events.push(e));
    const s1 = c.snapshot();
    expect(c.snapshot()).toBe(s1);
    await c.delete(DEPLOY, 'app', 'web');
    expect(events[0]).toMatchObject({ type: 'DELETED', kind: 'deployments' });
    expect(events.filter((e) => e.kind === 'replicasets' && e.type === 'DELETED')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'pods' && e.type === 'DELETED')).toHaveLength(2);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => s1.revision + i + 1));
    const s2 = c.snapshot();
    expect(s2).not.toBe(s1);
    expect(s2.revision).toBe(s1.revision + events.length);
    expect(s2.resources.pods.filter((p) => p.metadata.namespace === 'app')).toHaveLength(0);
  });

  it('deleting a namespace deletes what is in it', async () => {
    const c = await cluster();
    await c.delete(NS, undefined, 'app');
    const s = c.snapshot();
    expect(s.resources.deployments.filter((d) => d.metadata.namespace === 'app')).toEqual([]);
    expect(s.resources.virtualservices).toEqual([]);
  });
});

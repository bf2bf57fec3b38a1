import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../cluster/source';
import { isApiError } from '../k8s/errors';
import { kindByKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { createDemoCluster } from './index';
import { REDIRECTION, SIDECAR_STATUS } from './inject';

const NS = kindByKey('namespaces');
const DEPLOY = kindByKey('deployments');
const VS = kindByKey('virtualservices');
const CM = kindByKey('configmaps');

const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

const deployment = (ns: string, name: string, replicas = 2): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { serviceAccountName: name, containers: [{ name: 'main', image: 'img:1' }] },
    },
  },
});

const virtualService = (hosts: string[]): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'app' },
  spec: { hosts, http: [{ route: [{ destination: { host: 'reviews' } }] }] },
});

const waypointClass: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'istio-waypoint' },
  spec: { controllerName: 'istio.io/mesh-controller' },
};

async function cluster(extra: KubeObject[] = [], opts: { readOnly?: boolean } = {}) {
  const c = createDemoCluster({
    objects: [
      namespace('app', { 'istio-injection': 'enabled' }),
      deployment('app', 'web'),
      virtualService(['reviews']),
      waypointClass,
      ...extra,
    ],
    tickMs: 0,
    nodes: 3,
    ...opts,
  });
  await c.start();
  return c;
}

async function apiError(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const podsOf = (c: Awaited<ReturnType<typeof cluster>>, ns: string, prefix: string) =>
  c
    .snapshot()
    .resources.pods.filter((p) => p.metadata.namespace === ns && p.metadata.name.startsWith(`${prefix}-`));

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

describe('DemoClusterSource: controllers', () => {
  it('a rollout restart after enrolling in ambient replaces sidecar pods with captured ones', async () => {
    const c = await cluster();
    const before = podsOf(c, 'app', 'web');
    expect(before.every((p) => p.metadata.annotations?.[SIDECAR_STATUS])).toBe(true);
    await c.mergePatch(NS, undefined, 'app', {
      metadata: { labels: { 'istio-injection': null, 'istio.io/dataplane-mode': 'ambient' } },
    });
    // Namespace labels alone do not touch running sidecar pods.
    expect(podsOf(c, 'app', 'web').map((p) => p.metadata.name)).toEqual(before.map((p) => p.metadata.name));
    expect(podsOf(c, 'app', 'web').some((p) => p.metadata.annotations?.[REDIRECTION])).toBe(false);
    await c.mergePatch(DEPLOY, 'app', 'web', {
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
        },
      },
    });
    // New pods start, old ones stay until the new ones are ready.
    expect(podsOf(c, 'app', 'web')).toHaveLength(4);
    expect(c.tick()).toBe(true);
    const after = podsOf(c, 'app', 'web');
    expect(after).toHaveLength(2);
    expect(after.some((p) => before.some((b) => b.metadata.name === p.metadata.name))).toBe(false);
    for (const p of after) {
      expect(p.metadata.annotations?.[SIDECAR_STATUS]).toBeUndefined();
      expect(p.metadata.annotations?.[REDIRECTION]).toBe('enabled');
      expect((p.spec as { containers: { name: string }[] }).containers.map((x) => x.name)).toEqual(['main']);
    }
    const dep = await c.get(DEPLOY, 'app', 'web');
    expect(dep?.status).toMatchObject({ replicas: 2, readyReplicas: 2, updatedReplicas: 2 });
    expect(dep?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(c.tick()).toBe(false);
  });

  it('istio-cni annotates running pods without a sidecar when the namespace turns ambient, and removes it after', async () => {
    const c = await cluster([namespace('plain'), deployment('plain', 'api')]);
    await c.mergePatch(NS, undefined, 'plain', {
      metadata: { labels: { 'istio.io/dataplane-mode': 'ambient' } },
    });
    expect(podsOf(c, 'plain', 'api').every((p) => p.metadata.annotations?.[REDIRECTION] === 'enabled')).toBe(
      true,
    );
    await c.mergePatch(NS, undefined, 'plain', { metadata: { labels: { 'istio.io/dataplane-mode': null } } });
    expect(podsOf(c, 'plain', 'api').some((p) => p.metadata.annotations?.[REDIRECTION])).toBe(false);
  });

  it('scaling a Deployment scales its ReplicaSet', async () => {
    const c = await cluster();
    await c.mergePatch(DEPLOY, 'app', 'web', { spec: { replicas: 5 } });
    expect(podsOf(c, 'app', 'web')).toHaveLength(5);
    await c.mergePatch(DEPLOY, 'app', 'web', { spec: { replicas: 1 } });
    expect(podsOf(c, 'app', 'web')).toHaveLength(1);
  });

  it('a waypoint Gateway gets a Deployment, Service, pod and Programmed status; routes get parent status', async () => {
    const c = await cluster([namespace('amb', { 'istio.io/dataplane-mode': 'ambient' })]);
    await c.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'amb', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
    });
    const s = c.snapshot();
    const gw = s.resources.gateways.find((g) => g.metadata.name === 'waypoint');
    expect(gw?.status?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Accepted', status: 'True' }),
        expect.objectContaining({ type: 'Programmed', status: 'True' }),
      ]),
    );
    const svc = s.resources.services.find(
      (x) => x.metadata.namespace === 'amb' && x.metadata.name === 'waypoint',
    );
    expect(gw?.status?.addresses).toEqual([
      { type: 'IPAddress', value: (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP },
    ]);
    expect(
      s.resources.deployments.some((d) => d.metadata.namespace === 'amb' && d.metadata.name === 'waypoint'),
    ).toBe(true);
    const pods = podsOf(c, 'amb', 'waypoint');
    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.annotations?.[REDIRECTION]).toBeUndefined();

    await c.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'amb' },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }] },
    });
    await c.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'api', namespace: 'amb' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'api', port: 80 }],
        rules: [
          {
            backendRefs: [
              { name: 'api', port: 80 },
              { name: 'missing', port: 80 },
            ],
          },
        ],
      },
    });
    const route = (await c.get(kindByKey('httproutes'), 'amb', 'api'))?.status as {
      parents: { conditions: { type: string; status: string }[] }[];
    };
    expect(route.parents[0]?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Accepted', status: 'True' }),
        expect.objectContaining({ type: 'ResolvedRefs', status: 'False' }),
      ]),
    );
    await c.delete(kindByKey('gateways'), 'amb', 'waypoint');
    expect(c.snapshot().resources.deployments.some((d) => d.metadata.namespace === 'amb')).toBe(false);
    expect(podsOf(c, 'amb', 'waypoint')).toHaveLength(0);
  });

  it('an ingress Gateway of class istio gets a <name>-istio Deployment and a hostname address', async () => {
    const c = await cluster([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'istio' },
        spec: { controllerName: 'istio.io/gateway-controller' },
      },
    ]);
    await c.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'app' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    const s = c.snapshot();
    const gw = s.resources.gateways.find((g) => g.metadata.name === 'public');
    expect(gw?.status?.addresses).toEqual([
      { type: 'Hostname', value: 'public-istio.app.svc.cluster.local' },
    ]);
    expect(gw?.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Programmed', status: 'True' }),
    );
    expect(s.resources.deployments.some((d) => d.metadata.name === 'public-istio')).toBe(true);
    const svc = s.resources.services.find((x) => x.metadata.name === 'public-istio');
    expect(svc?.spec?.type).toBe('LoadBalancer');
    // Gateway pods are never injected, even in an injection-enabled namespace.
    expect(podsOf(c, 'app', 'public-istio').every((p) => !p.metadata.annotations?.[SIDECAR_STATUS])).toBe(
      true,
    );
    expect(
      s.resources.gatewayclasses.find((g) => g.metadata.name === 'istio')?.status?.conditions,
    ).toContainEqual(expect.objectContaining({ type: 'Accepted', status: 'True' }));
  });

  it('controllers settle: a write without effect on controllers emits only its own event', async () => {
    const c = await cluster();
    const events: ChangeEvent[] = [];
    c.subscribe((e) => events.push(e));
    await c.apply({ ...virtualService(['x']) }, { force: true });
    expect(events).toHaveLength(1);
  });
});

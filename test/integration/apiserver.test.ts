import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ApiConstructor,
  ApiException,
  ApiextensionsV1Api,
  type ApiType,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateObjects } from '@/lib/testing/generate-cluster';
import { writePreload } from '@/lib/testing/preload';
import { type ApiServer, startApiServer } from './apiserver';

/** An API client for one of the kubeconfig's contexts: admin, viewer or team. */
function client<T extends ApiType>(context: string, api: ApiConstructor<T>, kubeconfig?: string): T {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig ?? inject('MM_KUBECONFIG'));
  kc.setCurrentContext(context);
  return kc.makeApiClient(api);
}

function configMap(name: string): V1ConfigMap {
  return { metadata: { name }, data: { from: 'apiserver.test.ts' } };
}

/** Resolves to the HTTP status of a failed call, or 0 when the call succeeded. */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 0;
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

describe('test API server', () => {
  it('lists namespaces as admin', async () => {
    const list = await client('admin', CoreV1Api).listNamespace();
    const names = list.items.map((ns) => ns.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'bookinfo']));
  });

  it('serves the Gateway API v1.6.1 experimental CRDs', async () => {
    const crd = await client('admin', ApiextensionsV1Api).readCustomResourceDefinition({
      name: 'httproutes.gateway.networking.k8s.io',
    });
    expect(crd.metadata?.annotations?.['gateway.networking.k8s.io/bundle-version']).toBe('v1.6.1');
    expect(crd.metadata?.annotations?.['gateway.networking.k8s.io/channel']).toBe('experimental');
    const established = crd.status?.conditions?.find((c) => c.type === 'Established');
    expect(established?.status).toBe('True');
  });

  it('serves the Istio CRDs', async () => {
    const crd = await client('admin', ApiextensionsV1Api).readCustomResourceDefinition({
      name: 'virtualservices.networking.istio.io',
    });
    expect(crd.spec.versions.map((v) => v.name)).toContain('v1');
  });

  it('lets the viewer read but not write', async () => {
    const core = client('viewer', CoreV1Api);
    const list = await core.listNamespace();
    expect(list.items.length).toBeGreaterThan(0);
    const status = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'default', body: configMap('viewer-may-not') }),
    );
    expect(status).toBe(403);
  });

  it('lets the team user write only in its namespace', async () => {
    const core = client('team', CoreV1Api);
    const name = `team-ok-${Date.now()}`;
    const created = await core.createNamespacedConfigMap({ namespace: 'bookinfo', body: configMap(name) });
    expect(created.metadata?.namespace).toBe('bookinfo');
    await core.deleteNamespacedConfigMap({ namespace: 'bookinfo', name });

    const status = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'default', body: configMap('team-may-not') }),
    );
    expect(status).toBe(403);
  });
});

const fixture = `
apiVersion: v1
kind: Pod
metadata: { name: web-0, namespace: loaded }
spec:
  containers: [{ name: app, image: nginx }]
status:
  phase: Running
  podIP: 10.244.0.7
---
apiVersion: v1
kind: Namespace
metadata: { name: loaded }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: needs-a-crd, namespace: loaded }
`;

describe('a test API server started with options', () => {
  let server: ApiServer | undefined;
  let dir = '';
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('skips a CRD family and loads objects with their status', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mm-load-'));
    await writeFile(path.join(dir, 'objects.yaml'), fixture);
    server = await startApiServer({ skipCrds: ['gateway'], load: [dir] });

    // The HTTPRoute cannot be created without the Gateway API CRDs: one load error.
    expect(server.loadErrors).toBe(1);
    const ext = client('admin', ApiextensionsV1Api, server.kubeconfig);
    const missing = await statusOf(
      ext.readCustomResourceDefinition({ name: 'httproutes.gateway.networking.k8s.io' }),
    );
    expect(missing).toBe(404);
    expect(
      await statusOf(ext.readCustomResourceDefinition({ name: 'virtualservices.networking.istio.io' })),
    ).toBe(0);

    const pod = await client('admin', CoreV1Api, server.kubeconfig).readNamespacedPod({
      namespace: 'loaded',
      name: 'web-0',
    });
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.podIP).toBe('10.244.0.7');
  });
});

describe('a test API server started on objects preloaded into etcd', () => {
  let server: ApiServer | undefined;
  let dir = '';
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves them as if created through the API: listed, defaulted, with status, and updatable', async () => {
    const objects = generateObjects({ pods: 60, namespaces: 3, seed: 7, crds: false });
    dir = await mkdtemp(path.join(tmpdir(), 'mm-preload-'));
    const file = path.join(dir, 'preload.jsonl');
    await writePreload(objects, file);
    server = await startApiServer({ preload: [file] });
    const core = client('admin', CoreV1Api, server.kubeconfig);
    const pods = (await core.listPodForAllNamespaces()).items;
    const generated = objects.filter((o) => o.kind === 'Pod');
    expect(pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort()).toEqual(
      generated.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort(),
    );
    const first = pods.find((p) => p.metadata?.name === generated[0]?.metadata.name);
    expect(first?.metadata?.uid).toBeTruthy();
    expect(first?.spec?.restartPolicy).toBe('Always');
    expect(first?.status?.phase).toBe((generated[0]?.status as { phase?: string } | undefined)?.phase);
    const vs = objects.find((o) => o.kind === 'VirtualService');
    expect(vs).toBeDefined();
    const custom = client('admin', CustomObjectsApi, server.kubeconfig);
    const read = (await custom.getNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: vs?.metadata.namespace ?? '',
      plural: 'virtualservices',
      name: vs?.metadata.name ?? '',
    })) as { spec?: unknown };
    expect(read.spec).toEqual(vs?.spec);
    const patched = await core.patchNamespacedPod(
      {
        namespace: first?.metadata?.namespace ?? '',
        name: first?.metadata?.name ?? '',
        body: { metadata: { labels: { touched: 'yes' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels?.touched).toBe('yes');
  });
});

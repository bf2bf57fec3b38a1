/**
 * Pods listed as protobuf (lib/k8s/protobuf.ts) against the real API server: the informer caches
 * exactly what it caches when it reads the same pods as JSON and reduces them, for a generated
 * cluster (over several pages) and for pods written to exercise every field the decoder reads.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '@/lib/cluster/store';
import { isApiError } from '@/lib/k8s/errors';
import { Informer } from '@/lib/k8s/informer';
import { type KindKey, kindByKey } from '@/lib/k8s/kinds';
import type { KubeObject } from '@/lib/k8s/objects';
import { PROTOBUF, PROTOBUF_ACCEPT } from '@/lib/k8s/protobuf';
import { RestClient } from '@/lib/k8s/rest';
import { apiRequest, bulkLoad, openTarget, type Target } from '@/lib/testing/bulk-load';
import { generateObjects } from '@/lib/testing/generate-cluster';
import { type ApiServer, startApiServer } from './apiserver';

let api: ApiServer;
let admin: Target;
let kc: KubeConfig;
let generatedPods = 0;

const container = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: `registry.example/${name}:1.0`,
  ...extra,
});

/** Pods that between them set every field the decoder reads, and some it must skip. */
const EDGE_PODS = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'injected',
      namespace: 'edge',
      labels: { app: 'reviews', 'security.istio.io/tlsMode': 'istio', empty: '' },
      annotations: {
        'sidecar.istio.io/status': '{"containers":["istio-proxy"]}',
        'kubectl.kubernetes.io/last-applied-configuration': '{"big":"blob"}',
        'prometheus.io/port': '15020',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'reviews-7f9c',
          uid: '3b1f6a1e-0000-4000-8000-000000000001',
          controller: true,
          blockOwnerDeletion: true,
        },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'no-flags',
          uid: '3b1f6a1e-0000-4000-8000-000000000002',
        },
      ],
    },
    spec: {
      serviceAccountName: 'bookinfo-reviews',
      nodeName: 'node-a',
      initContainers: [
        container('istio-init', { args: ['istio-iptables', '-p', '15001'] }),
        container('istio-proxy', {
          restartPolicy: 'Always',
          args: ['proxy', 'sidecar'],
          ports: [
            { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
            { containerPort: 15021, hostPort: 15021, hostIP: '10.0.0.1', protocol: 'UDP' },
          ],
          env: [
            { name: 'ISTIO_META_CERT_SIGNER', value: 'istio-system-signer' },
            { name: 'NOT_READ', value: 'skipped' },
            { name: 'TRUST_DOMAIN', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'CA_ADDRESS', value: '' },
          ],
          resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
          volumeMounts: [{ name: 'istio-envoy', mountPath: '/etc/istio/proxy' }],
          readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 } },
        }),
      ],
      containers: [
        container('reviews', {
          command: ['/bin/reviews'],
          ports: [{ containerPort: 9080 }],
          resources: { requests: { 'ephemeral-storage': '1500M' } },
        }),
      ],
      volumes: [
        { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
        { name: 'spire-agent-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } },
        { name: 'workload-socket', csi: { driver: 'csi.example.com' } },
      ],
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: 'ztunnel-', namespace: 'edge', finalizers: ['example.com/hold'] },
    spec: { hostNetwork: true, containers: [container('istio-proxy', { args: ['ztunnel'] })] },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'claims', namespace: 'edge' },
    spec: {
      resourceClaims: [{ name: 'gpu', resourceClaimName: 'shared-gpu' }],
      containers: [container('trainer', { resources: { claims: [{ name: 'gpu' }] } })],
    },
  },
] as unknown as KubeObject[];

const STATUS = {
  phase: 'Running',
  podIP: '10.1.2.3',
  hostIP: '10.0.0.1',
  conditions: [
    { type: 'Ready', status: 'True', lastTransitionTime: '2026-03-01T10:00:00Z' },
    { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' },
  ],
  containerStatuses: [
    {
      name: 'reviews',
      image: 'registry.example/reviews:1.0',
      imageID: '',
      ready: true,
      restartCount: 2,
      state: { running: { startedAt: '2026-03-01T10:00:00Z' } },
    },
  ],
};

/** What an informer caches of every object of a kind, listed as protobuf or as JSON. */
async function cached(
  key: KindKey,
  protobuf: boolean,
): Promise<{ objects: KubeObject[]; types: string[]; errors: unknown[] }> {
  const rest = new RestClient(kc);
  const types: string[] = [];
  const errors: unknown[] = [];
  const requestBody = rest.requestBody.bind(rest);
  rest.requestBody = async (...args) => {
    const res = await requestBody(...args);
    types.push(res.contentType);
    return res;
  };
  const store = new ObjectStore();
  const informer = new Informer(rest, kindByKey(key), store, {
    protobuf,
    onError: (_d, e) => errors.push(e),
  });
  await informer.start();
  informer.stop();
  const status = store.snapshot().kinds[key];
  if (status.state !== 'ok') throw new Error(`${key}: ${status.state} ${status.message ?? ''}`);
  const objects = [...store.snapshot().resources[key]].sort((a, b) =>
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
  );
  return { objects, types, errors };
}

/** Every object of `key` cached from protobuf equals the one cached from JSON; the pages that came as protobuf. */
async function sameAsJson(
  key: KindKey,
): Promise<{ objects: KubeObject[]; types: string[]; errors: unknown[] }> {
  const json = await cached(key, false);
  const proto = await cached(key, true);
  for (const t of json.types) expect(t.startsWith('application/json')).toBe(true);
  expect(proto.objects.length).toBe(json.objects.length);
  for (let i = 0; i < json.objects.length; i++) expect(proto.objects[i]).toEqual(json.objects[i]);
  return proto;
}

beforeAll(async () => {
  api = await startApiServer({});
  kc = new KubeConfig();
  kc.loadFromFile(api.kubeconfig);
  admin = openTarget(api.kubeconfig, 8);
  // More than two pages of generated pods (the informer reads 500 a page, the next asked ahead).
  const generated = generateObjects({ pods: 1_200, namespaces: 6, seed: 7, crds: false }).filter(
    (o) => o.kind === 'Namespace' || o.kind === 'Pod',
  );
  generatedPods = generated.filter((o) => o.kind === 'Pod').length;
  const loaded = await bulkLoad(api.kubeconfig, generated, { concurrency: 16 });
  if (loaded.failed.length) throw new Error(`load: ${loaded.failed[0]?.ref}: ${loaded.failed[0]?.message}`);
  await apiRequest(admin, 'POST', '/api/v1/namespaces', { metadata: { name: 'edge' } });
  for (const pod of EDGE_PODS) {
    const made = await apiRequest<KubeObject>(admin, 'POST', '/api/v1/namespaces/edge/pods', pod);
    await apiRequest(
      admin,
      'PATCH',
      `/api/v1/namespaces/edge/pods/${made.metadata.name}/status`,
      { status: STATUS },
      'application/merge-patch+json',
    );
    // Deleted while a finalizer holds it: deletionTimestamp and grace period set.
    if ((made.metadata as { finalizers?: string[] }).finalizers?.length)
      await apiRequest(admin, 'DELETE', `/api/v1/namespaces/edge/pods/${made.metadata.name}`);
  }
});

afterAll(async () => {
  await api?.stop();
});

describe('pods listed as protobuf', () => {
  it('are cached exactly as the same pods listed as JSON', async () => {
    const proto = await sameAsJson('pods');
    expect(proto.objects.length).toBe(generatedPods + EDGE_PODS.length);
    expect(proto.errors).toEqual([]);
    // Every page came as protobuf: three of generated pods and the edge pods.
    expect(proto.types.length).toBe(3);
    for (const t of proto.types) expect(t.startsWith(PROTOBUF)).toBe(true);
  });

  it('keeps what the product reads of the edge pods, and drops the rest', async () => {
    const pods = (await cached('pods', true)).objects;
    const injected = pods.find((p) => p.metadata.name === 'injected') as KubeObject & {
      spec: Record<string, unknown>;
      status: Record<string, unknown>;
    };
    expect(injected.metadata.annotations).not.toHaveProperty(
      'kubectl.kubernetes.io/last-applied-configuration',
    );
    expect(injected.metadata.ownerReferences?.[0]?.controller).toBe(true);
    expect(injected.spec.volumes).toEqual([
      { name: 'spire-agent-socket', csi: { driver: 'csi.spiffe.io' } },
      { name: 'workload-socket', csi: { driver: 'csi.example.com' } },
    ]);
    const proxy = (injected.spec.initContainers as Record<string, unknown>[])[1];
    expect(proxy?.env).toEqual([
      { name: 'ISTIO_META_CERT_SIGNER', value: 'istio-system-signer' },
      { name: 'TRUST_DOMAIN' },
      { name: 'CA_ADDRESS' },
    ]);
    expect(proxy).not.toHaveProperty('readinessProbe');
    expect(injected.status).not.toHaveProperty('containerStatuses');
    const held = pods.find((p) => p.metadata.name?.startsWith('ztunnel-'));
    expect(held?.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(held?.spec).toMatchObject({ hostNetwork: true });
  });

  it('reads an error answered as a protobuf Status', async () => {
    const rest = new RestClient(kc);
    const err = await rest
      .requestBody('GET', '/api/v1/namespaces/edge/pods/absent', { accept: PROTOBUF_ACCEPT })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isApiError(err) && err.status).toBe(404);
    expect((err as Error).message).toBe('pods "absent" not found');
  });
});

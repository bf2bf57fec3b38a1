import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emptyResourceSet } from '../cluster/snapshot';
import { detectControlPlane } from '../mesh/control-plane';
import { classifyPod } from '../mesh/pod';
import { kindByKey } from './kinds';
import type { KubeObject } from './objects';
import { reduceForCache } from './transform';
import { servedVersion } from './versions';

const crdsDir = process.env.MM_CRDS_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'reviews-1',
    namespace: 'shop',
    labels: { app: 'reviews' },
    annotations: { 'sidecar.istio.io/status': '{}' },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'reviews-abc', uid: 'u1', controller: true },
    ],
  },
  spec: {
    serviceAccountName: 'reviews',
    nodeName: 'node-1',
    volumes: [
      { name: 'data', emptyDir: {} },
      { name: 'spire', csi: { driver: 'csi.spiffe.io', readOnly: true } },
    ],
    containers: [
      {
        name: 'app',
        image: 'reviews:1',
        env: [{ name: 'A', value: 'x'.repeat(500) }],
        resources: { requests: { cpu: '100m' } },
      },
      {
        name: 'istio-proxy',
        image: 'proxyv2:1.24.3',
        args: ['proxy', 'sidecar'],
        env: [
          { name: 'ISTIO_META_CERT_SIGNER', value: 'istio-system/signer' },
          { name: 'ISTIO_META_WORKLOAD_NAME', value: 'reviews' },
        ],
        readinessProbe: { httpGet: { port: 15021 } },
      },
    ],
    initContainers: [{ name: 'istio-init', image: 'proxyv2:1.24.3', command: ['istio-iptables'] }],
  },
  status: {
    phase: 'Running',
    podIP: '10.0.0.1',
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }],
    containerStatuses: [{ name: 'app', ready: true, imageID: 'sha256:abc' }],
  },
};

describe('reduceForCache', () => {
  it('keeps what the product reads of a pod and drops the rest', () => {
    const r = reduceForCache('pods', pod);
    expect(r).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: pod.metadata,
      spec: {
        serviceAccountName: 'reviews',
        nodeName: 'node-1',
        containers: [
          { name: 'app', image: 'reviews:1', resources: { requests: { cpu: '100m' } } },
          {
            name: 'istio-proxy',
            image: 'proxyv2:1.24.3',
            args: ['proxy', 'sidecar'],
            env: [{ name: 'ISTIO_META_CERT_SIGNER', value: 'istio-system/signer' }],
          },
        ],
        initContainers: [{ name: 'istio-init', image: 'proxyv2:1.24.3', command: ['istio-iptables'] }],
        volumes: [{ name: 'spire', csi: { driver: 'csi.spiffe.io' } }],
      },
      status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(classifyPod(r, undefined)).toEqual(classifyPod(pod, undefined));
    expect(JSON.stringify(r).length).toBeLessThan(JSON.stringify(pod).length * 0.6);
  });

  it('keeps an unowned ReplicaSet whole and reduces an owned one to its template labels', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs', namespace: 'shop' },
      spec: { replicas: 1, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [] } } },
    };
    expect(reduceForCache('replicasets', rs)).toBe(rs);
    const owned = {
      ...rs,
      metadata: { ...rs.metadata, ownerReferences: pod.metadata.ownerReferences ?? [] },
    };
    expect(reduceForCache('replicasets', owned).spec).toEqual({
      replicas: 1,
      template: { metadata: { labels: { app: 'x' } } },
    });
  });

  it('keeps what the product reads of a Deployment and drops its rollout settings and the rest of its template', () => {
    const istiod: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'istiod' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: {
          metadata: { labels: { app: 'istiod' }, annotations: { 'sidecar.istio.io/inject': 'false' } },
          spec: {
            serviceAccountName: 'istiod',
            dnsPolicy: 'ClusterFirst',
            containers: [
              {
                name: 'discovery',
                image: 'docker.io/istio/pilot:1.26.2',
                args: ['discovery'],
                env: [
                  { name: 'PILOT_ENABLE_AMBIENT', value: 'true' },
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                ],
                readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
                resources: { requests: { cpu: '500m' } },
              },
            ],
          },
        },
      },
      status: {
        replicas: 2,
        readyReplicas: 2,
        conditions: [{ type: 'Available', status: 'True', message: 'Deployment has minimum availability.' }],
      },
    };
    const r = reduceForCache('deployments', istiod);
    expect(r).toEqual({
      ...istiod,
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'istiod' } },
        template: {
          metadata: istiod.spec?.template && (istiod.spec.template as KubeObject).metadata,
          spec: {
            serviceAccountName: 'istiod',
            containers: [
              {
                name: 'discovery',
                image: 'docker.io/istio/pilot:1.26.2',
                args: ['discovery'],
                env: [{ name: 'PILOT_ENABLE_AMBIENT', value: 'true' }],
                resources: { requests: { cpu: '500m' } },
              },
            ],
          },
        },
      },
      status: { replicas: 2, readyReplicas: 2 },
    });
    const cp = (d: KubeObject) => detectControlPlane({ ...emptyResourceSet(), deployments: [d] });
    expect(cp(r)).toEqual(cp(istiod));
  });

  it('leaves kinds without a reducer unchanged', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { x: 1 } };
    expect(reduceForCache('services', svc)).toBe(svc);
  });

  it('keeps what the product reads of a real CRD and drops its schemas', () => {
    const file = path.join(
      crdsDir,
      'gateway-api-v1.6.1',
      'standard',
      'gateway.networking.k8s.io_httproutes.yaml',
    );
    const crd = parse(readFileSync(file, 'utf8')) as KubeObject;
    const gatewayApi = (c: KubeObject) =>
      detectControlPlane({ ...emptyResourceSet(), customresourcedefinitions: [c] }).gatewayApi;
    const r = reduceForCache('customresourcedefinitions', crd);
    expect(r.metadata).toBe(crd.metadata);
    const d = kindByKey('httproutes');
    expect(servedVersion(r, d)).toBe(servedVersion(crd, d));
    expect(servedVersion(r, d)).toBeDefined();
    expect(gatewayApi(r)).toEqual(gatewayApi(crd));
    expect(gatewayApi(r).bundleVersion).toBe('v1.6.1');
    expect(JSON.stringify(r).length).toBeLessThan(JSON.stringify(crd).length / 20);
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { clusterChecks } from './preflight-cluster';
import { pod, resourcesOf } from './test-fixtures';

function istiod(version: string, ambient: boolean): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'discovery',
              image: `docker.io/istio/pilot:${version}`,
              env: ambient ? [{ name: 'PILOT_ENABLE_AMBIENT', value: 'true' }] : [],
            },
          ],
        },
      },
    },
  };
}

function daemonSet(name: string, labels: Record<string, string>, ready: number, desired: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'istio-system', labels },
    status: { desiredNumberScheduled: desired, numberReady: ready },
  };
}

function crd(plural: string, bundle?: string): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.gateway.networking.k8s.io`,
      annotations: bundle ? { 'gateway.networking.k8s.io/bundle-version': bundle } : {},
    },
  };
}

const healthy = (): KubeObject[] => [
  istiod('1.27.1', true),
  daemonSet('ztunnel', { app: 'ztunnel' }, 3, 3),
  daemonSet('istio-cni-node', { 'k8s-app': 'istio-cni-node' }, 3, 3),
  crd('gatewayclasses', 'v1.3.0'),
  crd('gateways', 'v1.3.0'),
  crd('httproutes', 'v1.3.0'),
];

const byId = (objects: KubeObject[]) =>
  Object.fromEntries(clusterChecks(resourcesOf(...objects)).map((c) => [c.id, c]));

describe('clusterChecks', () => {
  it('passes on a ready ambient control plane', () => {
    const checks = clusterChecks(resourcesOf(...healthy()));
    expect(checks.map((c) => c.id)).toEqual([
      'istiod-ambient',
      'istio-version',
      'ztunnel',
      'istio-cni',
      'gateway-api-crds',
      'sidecar-hbone',
      'mesh-ca',
    ]);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });

  it.each([
    ['istiod without ambient', [istiod('1.27.1', false)], 'istiod-ambient', 'blocker'],
    ['Istio before ambient GA', [istiod('1.22.3', true)], 'istio-version', 'blocker'],
    ['Istio older than recommended', [istiod('1.25.0', true)], 'istio-version', 'warning'],
    ['ztunnel not ready', [daemonSet('ztunnel', { app: 'ztunnel' }, 1, 3)], 'ztunnel', 'blocker'],
    [
      'old Gateway API bundle',
      [crd('gatewayclasses', 'v1.1.0'), crd('gateways', 'v1.1.0'), crd('httproutes', 'v1.1.0')],
      'gateway-api-crds',
      'blocker',
    ],
    [
      'stale sidecar',
      [pod('shop', 'api', { app: 'api' }, { sidecar: true, proxyImage: 'docker.io/istio/proxyv2:1.22.0' })],
      'sidecar-hbone',
      'warning',
    ],
  ] as const)('%s fails %s (%s)', (_name, replace, id, severity) => {
    const kinds = new Set(replace.map((o) => `${o.kind}/${o.metadata.name}`));
    const objects = [...healthy().filter((o) => !kinds.has(`${o.kind}/${o.metadata.name}`)), ...replace];
    const check = byId(objects)[id];
    expect(check?.ok).toBe(false);
    expect(check?.severity).toBe(severity);
    expect(check?.fix).not.toBe('');
  });

  it('reports missing components and CRDs', () => {
    const checks = byId([]);
    expect(checks.istiod?.ok).toBe(false);
    expect(checks.ztunnel?.message).toMatch(/no ztunnel DaemonSet/);
    expect(checks['gateway-api-crds']?.message).toMatch(/gateways\.gateway\.networking\.k8s\.io/);
  });
});

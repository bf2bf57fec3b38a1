import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { indexOf } from '../model/cluster-index';
import { toResourceSet } from '../testing/generate-cluster';
import { compareVersions, controlPlaneOf, detectControlPlane, versionFromImage } from './control-plane';
import { podObj } from './fixtures';

function istiod(
  name: string,
  o: {
    rev?: string;
    image?: string;
    env?: Record<string, string>;
    ready?: number;
    labels?: Record<string, string>;
  } = {},
): KubeObject {
  const labels = { app: 'istiod', ...(o.rev ? { 'istio.io/rev': o.rev } : {}), ...o.labels };
  const env = Object.entries(o.env ?? {}).map(([name, value]) => ({ name, value }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'istio-system', labels },
    spec: {
      replicas: 1,
      template: {
        spec: { containers: [{ name: 'discovery', image: o.image ?? 'istio/pilot:1.25.1', env }] },
      },
    },
    status: { readyReplicas: o.ready ?? 1 },
  };
}

function daemonSet(name: string, desired: number, ready: number, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'istio-system', labels },
    status: { desiredNumberScheduled: desired, numberReady: ready },
  };
}

function crd(plural: string, annotations: Record<string, string> = {}): KubeObject {
  const group = 'gateway.networking.k8s.io';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, annotations },
    spec: { group },
  };
}

const BUNDLE = {
  'gateway.networking.k8s.io/bundle-version': 'v1.2.1',
  'gateway.networking.k8s.io/channel': 'experimental',
};
const healthy = [
  istiod('istiod', { env: { PILOT_ENABLE_AMBIENT: 'true' } }),
  daemonSet('ztunnel', 3, 3, { app: 'ztunnel' }),
  daemonSet('istio-cni-node', 3, 3, { 'k8s-app': 'istio-cni-node' }),
  crd('gatewayclasses', BUNDLE),
  crd('gateways', BUNDLE),
  crd('httproutes', BUNDLE),
];

const ids = (objects: KubeObject[]) => detectControlPlane(toResourceSet(objects)).missing.map((m) => m.id);

describe('detectControlPlane', () => {
  it('reports a complete ambient control plane', () => {
    const cp = detectControlPlane(toResourceSet(healthy));
    expect(cp.ambientReady).toBe(true);
    expect(cp.istiod).toEqual([
      {
        namespace: 'istio-system',
        name: 'istiod',
        revision: 'default',
        version: '1.25.1',
        replicas: 1,
        readyReplicas: 1,
        ambientEnabled: true,
      },
    ]);
    expect(cp.ztunnel).toMatchObject({ desired: 3, ready: 3, fromPods: false });
    expect(cp.gatewayApi).toEqual({
      state: 'installed',
      bundleVersion: 'v1.2.1',
      channel: 'experimental',
      crds: ['gatewayclasses', 'gateways', 'httproutes'],
    });
  });

  it('finds several revisions and reads versions from labels when the tag is not a version', () => {
    const cp = detectControlPlane(
      toResourceSet([
        istiod('istiod-canary', {
          rev: 'canary',
          image: 'istio/pilot:latest',
          labels: { 'operator.istio.io/version': '1.26.0' },
        }),
        istiod('istiod-1-23', { rev: '1-23', image: 'istio/pilot:1.23.2-distroless' }),
      ]),
    );
    expect(cp.istiod.map((i) => [i.revision, i.version])).toEqual([
      ['canary', 'latest'],
      ['1-23', '1.23.2'],
    ]);
  });

  it.each([
    ['nothing installed', [], ['istiod', 'ztunnel', 'istio-cni']],
    ['istiod without ambient', [istiod('istiod'), ...healthy.slice(1)], ['istiod-ambient']],
    [
      'istiod with the ambient profile label',
      [istiod('istiod', { labels: { 'install.istio.io/profile': 'ambient' } }), ...healthy.slice(1)],
      [],
    ],
    [
      'istiod too old',
      [
        istiod('istiod', { image: 'istio/pilot:1.22.0', env: { PILOT_ENABLE_AMBIENT: 'true' } }),
        ...healthy.slice(1),
      ],
      ['istiod-version:default'],
    ],
    [
      'istiod not ready',
      [istiod('istiod', { ready: 0, env: { PILOT_ENABLE_AMBIENT: 'true' } }), ...healthy.slice(1)],
      ['istiod-ready'],
    ],
    [
      'ztunnel not ready',
      [
        ...healthy.filter((o) => o.metadata.name !== 'ztunnel'),
        daemonSet('ztunnel', 3, 1, { app: 'ztunnel' }),
      ],
      ['ztunnel-ready'],
    ],
    ['no istio-cni', healthy.filter((o) => o.metadata.name !== 'istio-cni-node'), ['istio-cni']],
    [
      'HTTPRoute CRD missing',
      healthy.filter((o) => !o.metadata.name.startsWith('httproutes')),
      ['gateway-api-crds'],
    ],
    [
      'other CRDs but no Gateway API',
      [
        ...healthy.slice(0, 3),
        {
          ...crd('x'),
          metadata: { name: 'virtualservices.networking.istio.io' },
          spec: { group: 'networking.istio.io' },
        },
      ],
      ['gateway-api-crds'],
    ],
  ] as const)('%s', (_name, objects, want) => {
    expect(ids([...objects])).toEqual(want);
  });

  it('falls back to ztunnel pods when DaemonSets cannot be listed', () => {
    const ready = { conditions: [{ type: 'Ready', status: 'True' }] };
    const pods = [
      podObj('istio-system', 'ztunnel-a', { labels: { app: 'ztunnel' } }),
      podObj('istio-system', 'ztunnel-b', { labels: { app: 'ztunnel' } }),
    ];
    const first = pods[0] as KubeObject;
    first.status = ready;
    const cp = detectControlPlane(toResourceSet(pods));
    expect(cp.ztunnel).toMatchObject({ desired: 2, ready: 1, fromPods: true });
  });

  it('says unknown when no CRD can be listed', () => {
    expect(detectControlPlane(toResourceSet([])).gatewayApi.state).toBe('unknown');
  });
});

describe('version helpers', () => {
  it.each([
    ['docker.io/istio/pilot:1.24.2', '1.24.2'],
    ['gcr.io/istio-release/pilot:1.24.2-distroless', '1.24.2'],
    ['localhost:5000/pilot:1.25.0@sha256:abc', '1.25.0'],
    ['localhost:5000/pilot', undefined],
  ])('versionFromImage(%s) = %s', (image, want) => expect(versionFromImage(image)).toBe(want));

  it('compares versions numerically', () => {
    expect(compareVersions('1.9.0', '1.24')).toBeLessThan(0);
    expect(compareVersions('1.24.1', '1.24')).toBeGreaterThan(0);
    expect(compareVersions('latest', '1.24')).toBe(0);
  });
});

describe('controlPlaneOf across snapshots', () => {
  const ztunnelPod = (name: string, ready: boolean): KubeObject => ({
    ...podObj('istio-system', name, { labels: { app: 'ztunnel' } }),
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
  const withoutDaemonSets = healthy.filter((o) => o.kind !== 'DaemonSet');
  const zt = ztunnelPod('ztunnel-a', true);

  it('keeps its answer while other pods change and follows the agent pods it reads', () => {
    const first = toResourceSet([...withoutDaemonSets, zt, podObj('shop', 'web-1')]);
    const view = controlPlaneOf(first);
    expect(view.ztunnel).toMatchObject({ desired: 1, ready: 1, fromPods: true });

    const other = { ...first, pods: [zt, podObj('shop', 'web-2')] };
    indexOf(first).derive(other, ['pods']);
    expect(controlPlaneOf(other)).toBe(view);

    const notReady = { ...other, pods: [ztunnelPod('ztunnel-a', false), podObj('shop', 'web-2')] };
    indexOf(other).derive(notReady, ['pods']);
    const next = controlPlaneOf(notReady);
    expect(next.ztunnel).toMatchObject({ desired: 1, ready: 0 });
    expect(next.missing.map((m) => m.id)).toContain('ztunnel-ready');
    expect(next).toEqual(detectControlPlane(notReady));
  });
});

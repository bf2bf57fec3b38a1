import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { classifyPod, type PodDataplane } from './pod';

interface PodOpts {
  labels?: Record<string, string>;
  args?: string[];
  annotations?: Record<string, string>;
  containers?: string[];
  initContainers?: { name: string; restartPolicy?: string }[];
  hostNetwork?: boolean;
}

function pod(o: PodOpts = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', labels: o.labels, annotations: o.annotations },
    spec: {
      containers: (o.containers ?? ['app']).map((name) => (o.args ? { name, args: o.args } : { name })),
      initContainers: o.initContainers ?? [],
      ...(o.hostNetwork ? { hostNetwork: true } : {}),
    },
  };
}

function ns(labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels } };
}

const SIDECAR = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
const CAPTURED = { 'ambient.istio.io/redirection': 'enabled' };
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };

const cases: { name: string; pod: KubeObject; ns?: KubeObject; want: PodDataplane; reason: RegExp }[] = [
  {
    name: 'sidecar status annotation',
    pod: pod({ annotations: SIDECAR }),
    want: 'sidecar',
    reason: /sidecar\.istio\.io\/status/,
  },
  {
    name: 'istio-proxy container',
    pod: pod({ containers: ['app', 'istio-proxy'] }),
    want: 'sidecar',
    reason: /istio-proxy container/,
  },
  {
    name: 'native sidecar init container',
    pod: pod({ initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }] }),
    want: 'sidecar',
    reason: /native sidecar/,
  },
  {
    name: 'istio-proxy init container without restartPolicy Always is not a sidecar',
    pod: pod({ initContainers: [{ name: 'istio-proxy' }] }),
    want: 'none',
    reason: /not in the mesh/,
  },
  {
    name: 'sidecar wins over the redirection annotation',
    pod: pod({ annotations: { ...SIDECAR, ...CAPTURED } }),
    want: 'sidecar',
    reason: /sidecar injected/,
  },
  {
    name: 'sidecar + namespace ambient intent = pending until restarted',
    pod: pod({ annotations: SIDECAR }),
    ns: ns(AMBIENT),
    want: 'ambient-pending',
    reason: /still carries a sidecar until restarted/,
  },
  {
    name: 'sidecar + ambient intent + injection label still on namespace',
    pod: pod({ annotations: SIDECAR }),
    ns: ns({ ...AMBIENT, 'istio-injection': 'enabled' }),
    want: 'ambient-pending',
    reason: /remove injection \(namespace label istio-injection=enabled\)/,
  },
  {
    name: 'sidecar + pod ambient intent = pending',
    pod: pod({ annotations: SIDECAR, labels: AMBIENT }),
    want: 'ambient-pending',
    reason: /pod label istio\.io\/dataplane-mode=ambient/,
  },
  {
    name: 'captured by ztunnel',
    pod: pod({ annotations: CAPTURED }),
    ns: ns(AMBIENT),
    want: 'ambient',
    reason: /captured by ztunnel/,
  },
  {
    name: 'captured but now opted out',
    pod: pod({ annotations: CAPTURED, labels: { 'istio.io/dataplane-mode': 'none' } }),
    ns: ns(AMBIENT),
    want: 'ambient',
    reason: /will be released/,
  },
  {
    name: 'namespace intent without annotation = pending',
    pod: pod(),
    ns: ns(AMBIENT),
    want: 'ambient-pending',
    reason: /namespace label .* not captured: .*istio-cni/,
  },
  {
    name: 'pod intent without annotation = pending',
    pod: pod({ labels: AMBIENT }),
    want: 'ambient-pending',
    reason: /pod label/,
  },
  {
    name: 'redirection pending annotation',
    pod: pod({ annotations: { 'ambient.istio.io/redirection': 'pending' } }),
    ns: ns(AMBIENT),
    want: 'ambient-pending',
    reason: /redirection pending/,
  },
  {
    name: 'pod label none opts out of namespace ambient',
    pod: pod({ labels: { 'istio.io/dataplane-mode': 'none' } }),
    ns: ns(AMBIENT),
    want: 'none',
    reason: /opted out/,
  },
  {
    name: 'namespace injection enabled, pod created before',
    pod: pod(),
    ns: ns({ 'istio-injection': 'enabled' }),
    want: 'none',
    reason: /injection enabled \(namespace label istio-injection=enabled\).*restart/,
  },
  {
    name: 'namespace revision label, pod created before',
    pod: pod(),
    ns: ns({ 'istio.io/rev': 'canary' }),
    want: 'none',
    reason: /istio\.io\/rev=canary.*restart/,
  },
  {
    name: 'pod inject label true without sidecar',
    pod: pod({ labels: { 'sidecar.istio.io/inject': 'true' } }),
    want: 'none',
    reason: /pod sidecar\.istio\.io\/inject=true.*restart/,
  },
  {
    name: 'pod inject annotation false wins over namespace injection',
    pod: pod({ annotations: { 'sidecar.istio.io/inject': 'false' } }),
    ns: ns({ 'istio-injection': 'enabled' }),
    want: 'none',
    reason: /injection disabled on the pod/,
  },
  {
    name: 'namespace injection disabled',
    pod: pod(),
    ns: ns({ 'istio-injection': 'disabled' }),
    want: 'none',
    reason: /disabled on the namespace/,
  },
  { name: 'no labels at all', pod: pod(), want: 'none', reason: /not in the mesh/ },
  {
    name: 'host-network pods are never captured, even in an ambient namespace',
    pod: pod({ hostNetwork: true, annotations: CAPTURED }),
    ns: ns(AMBIENT),
    want: 'none',
    reason: /host-network/,
  },
  {
    name: 'ingress gateway proxy (istio-proxy running as router) is infrastructure, not a sidecar',
    pod: pod({ containers: ['istio-proxy'], args: ['proxy', 'router'], annotations: SIDECAR }),
    want: 'none',
    reason: /Istio gateway proxy/,
  },
  {
    name: 'waypoint pod (Istio-managed) is infrastructure',
    pod: pod({
      containers: ['istio-proxy'],
      labels: {
        'gateway.networking.k8s.io/gateway-name': 'waypoint',
        'gateway.istio.io/managed': 'istio.io-mesh-controller',
      },
    }),
    ns: ns(AMBIENT),
    want: 'none',
    reason: /Istio waypoint proxy/,
  },
  {
    name: 'gateway injected from the gateway template',
    pod: pod({
      containers: ['istio-proxy'],
      annotations: { ...SIDECAR, 'inject.istio.io/templates': 'gateway' },
    }),
    want: 'none',
    reason: /Istio gateway proxy/,
  },
  {
    name: 'ztunnel node proxy (container istio-proxy) is infrastructure',
    pod: pod({ containers: ['istio-proxy'], labels: { app: 'ztunnel' } }),
    want: 'none',
    reason: /Istio ztunnel proxy/,
  },
];

describe('classifyPod', () => {
  it.each(cases)('$name', ({ pod: p, ns: n, want, reason }) => {
    const got = classifyPod(p, n);
    expect(got.dataplane).toBe(want);
    expect(got.reason).toMatch(reason);
  });
});

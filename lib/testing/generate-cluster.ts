import { emptyResourceSet, type ResourceSet } from '../cluster/snapshot';
import { parseObjects } from '../files/parse';
import { descriptorFor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';

/** Sorts objects into a ResourceSet by apiVersion + kind; unknown kinds are ignored. */
export function toResourceSet(objects: readonly KubeObject[]): ResourceSet {
  const set = emptyResourceSet();
  for (const o of objects) {
    const d = descriptorFor(o.apiVersion, o.kind);
    if (d) set[d.key].push(o);
  }
  return set;
}

/** Deterministic PRNG (mulberry32) so a seed always yields the same cluster. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type GeneratedMode = 'sidecar' | 'ambient' | 'ambient-l7' | 'mixed' | 'pending' | 'none';

/** Share of namespaces per mode. */
const MODE_WEIGHTS: [GeneratedMode, number][] = [
  ['sidecar', 40],
  ['ambient', 15],
  ['ambient-l7', 10],
  ['mixed', 15],
  ['pending', 5],
  ['none', 15],
];

export interface GenerateOptions {
  /** Application pods (control-plane and waypoint pods come on top). */
  pods: number;
  namespaces?: number;
  seed?: number;
}

const GW = 'gateway.networking.k8s.io/v1';
const NET = 'networking.istio.io/v1';
const PROGRAMMED = { conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed' }] };
const READY = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };

class Builder {
  readonly objects: KubeObject[] = [];
  private uid = 0;

  add(
    apiVersion: string,
    kind: string,
    metadata: KubeObject['metadata'],
    rest: Partial<KubeObject> = {},
  ): KubeObject {
    this.uid += 1;
    const obj: KubeObject = { apiVersion, kind, metadata: { uid: `uid-${this.uid}`, ...metadata }, ...rest };
    this.objects.push(obj);
    return obj;
  }

  owner(o: KubeObject) {
    return [
      {
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name,
        uid: o.metadata.uid ?? '',
        controller: true,
      },
    ];
  }

  /** A Deployment with its ReplicaSet and `replicas` pods; `pod` customises each pod. */
  deployment(
    ns: string,
    name: string,
    replicas: number,
    labels: Record<string, string>,
    pod: PodShape,
  ): void {
    const template = {
      metadata: { labels },
      spec: { containers: [{ name: 'app', image: `example/${name}:1.0` }] },
    };
    const dep = this.add(
      'apps/v1',
      'Deployment',
      { name, namespace: ns, labels },
      {
        spec: { replicas, selector: { matchLabels: labels }, template },
        status: { replicas, readyReplicas: replicas },
      },
    );
    const hash = (this.uid * 2654435761).toString(36).slice(-8);
    const rs = this.add(
      'apps/v1',
      'ReplicaSet',
      { name: `${name}-${hash}`, namespace: ns, ownerReferences: this.owner(dep) },
      {
        spec: { replicas, template },
      },
    );
    for (let i = 0; i < replicas; i++)
      this.pod(ns, `${name}-${hash}-${i}`, { ...labels, 'pod-template-hash': hash }, rs, pod);
  }

  pod(
    ns: string,
    name: string,
    labels: Record<string, string>,
    owner: KubeObject | undefined,
    shape: PodShape,
  ): void {
    const containers = [{ name: 'app', image: 'example/app:1.0' }];
    if (shape.sidecar) containers.push({ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.3' });
    const annotations: Record<string, string> = {};
    if (shape.sidecar) annotations['sidecar.istio.io/status'] = '{"containers":["istio-proxy"]}';
    if (shape.captured) annotations['ambient.istio.io/redirection'] = 'enabled';
    this.add(
      'v1',
      'Pod',
      { name, namespace: ns, labels, annotations, ownerReferences: owner ? this.owner(owner) : undefined },
      {
        spec: { containers, nodeName: `node-${this.uid % 7}`, hostNetwork: shape.hostNetwork || undefined },
        status: READY,
      },
    );
  }

  service(ns: string, name: string, selector: Record<string, string>, labels?: Record<string, string>): void {
    this.add(
      'v1',
      'Service',
      { name, namespace: ns, labels },
      {
        spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
      },
    );
  }
}

interface PodShape {
  sidecar?: boolean;
  captured?: boolean;
  hostNetwork?: boolean;
}

/** Fixed istio-system objects: istiod with ambient, ingress gateways, GatewayClasses and CRDs. */
const CONTROL_PLANE_YAML = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: istiod, namespace: istio-system, labels: { app: istiod, istio.io/rev: default } }
spec:
  replicas: 1
  template:
    metadata: { labels: { app: istiod, istio.io/rev: default } }
    spec:
      containers:
        - { name: discovery, image: "docker.io/istio/pilot:1.24.3", env: [{ name: PILOT_ENABLE_AMBIENT, value: "true" }] }
status: { replicas: 1, readyReplicas: 1 }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gateway, namespace: istio-system }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: istio }
spec: { controllerName: istio.io/gateway-controller }
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: istio-waypoint }
spec: { controllerName: istio.io/mesh-controller }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: istio-system }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }]
status: { conditions: [{ type: Programmed, status: "True" }] }
`;

const GATEWAY_CRDS = ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'referencegrants'];
const ISTIO_CRDS = ['virtualservices', 'destinationrules', 'gateways', 'serviceentries'];

function controlPlane(b: Builder): void {
  for (const { apiVersion, kind, metadata, ...rest } of parseObjects(CONTROL_PLANE_YAML, 'cp').objects) {
    b.add(apiVersion, kind, metadata, rest);
  }
  const sys = 'istio-system';
  const agents = [
    ['ztunnel', { app: 'ztunnel' }],
    ['istio-cni-node', { 'k8s-app': 'istio-cni-node' }],
  ] as const;
  for (const [name, labels] of agents) {
    const status = { desiredNumberScheduled: 3, numberReady: 3 };
    const ds = b.add(
      'apps/v1',
      'DaemonSet',
      { name, namespace: sys, labels },
      { spec: { template: { metadata: { labels } } }, status },
    );
    for (let i = 0; i < 3; i++) b.pod(sys, `${name}-${i}`, labels, ds, {});
  }
  b.deployment(sys, 'istio-ingressgateway', 2, { app: 'istio-ingressgateway', istio: 'ingressgateway' }, {});
  b.service(sys, 'istio-ingressgateway', { istio: 'ingressgateway' });
  const annotations = {
    'gateway.networking.k8s.io/bundle-version': 'v1.2.1',
    'gateway.networking.k8s.io/channel': 'standard',
  };
  const crd = (plural: string, group: string, ann?: Record<string, string>) =>
    b.add(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      { name: `${plural}.${group}`, annotations: ann },
      { spec: { group } },
    );
  for (const plural of GATEWAY_CRDS) crd(plural, 'gateway.networking.k8s.io', annotations);
  for (const plural of ISTIO_CRDS) crd(plural, 'networking.istio.io');
}

function pickMode(r: () => number): GeneratedMode {
  const total = MODE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [mode, w] of MODE_WEIGHTS) {
    x -= w;
    if (x < 0) return mode;
  }
  return 'none';
}

const NS_LABELS: Record<GeneratedMode, Record<string, string>> = {
  sidecar: { 'istio-injection': 'enabled' },
  ambient: { 'istio.io/dataplane-mode': 'ambient' },
  'ambient-l7': { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' },
  mixed: { 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'enabled' },
  pending: { 'istio.io/dataplane-mode': 'ambient' },
  none: {},
};

function shapeFor(mode: GeneratedMode, r: () => number): PodShape {
  if (mode === 'sidecar') return { sidecar: true };
  if (mode === 'ambient' || mode === 'ambient-l7') return { captured: true };
  if (mode === 'mixed') return r() < 0.5 ? { sidecar: true } : { captured: true };
  return {};
}

function waypoint(b: Builder, ns: string): void {
  b.add(
    GW,
    'Gateway',
    { name: 'waypoint', namespace: ns, labels: { 'istio.io/waypoint-for': 'service' } },
    {
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
      status: PROGRAMMED,
    },
  );
  const labels = { 'gateway.networking.k8s.io/gateway-name': 'waypoint', 'istio.io/dataplane-mode': 'none' };
  b.deployment(ns, 'waypoint', 1, labels, {});
  b.service(ns, 'waypoint', labels, { 'gateway.istio.io/managed': 'istio.io-mesh-controller' });
}

/** Routing config for one app: a weighted VirtualService (sidecar-era) or a GAMMA HTTPRoute (ambient). */
function routing(
  b: Builder,
  ns: string,
  app: string,
  next: string | undefined,
  mode: GeneratedMode,
  r: () => number,
): void {
  const host = `${app}.${ns}.svc.cluster.local`;
  if (mode === 'ambient-l7') {
    b.add(
      GW,
      'HTTPRoute',
      { name: app, namespace: ns },
      {
        spec: {
          parentRefs: [{ group: '', kind: 'Service', name: app, port: 80 }],
          rules: [
            {
              backendRefs: [
                { name: app, port: 80, weight: 90 },
                ...(next ? [{ name: next, port: 80, weight: 10 }] : []),
              ],
            },
          ],
        },
      },
    );
    return;
  }
  const canary = next ? [{ destination: { host: next }, weight: 10 }] : [];
  const gateways = r() < 0.2 ? ['istio-system/public-gateway'] : undefined;
  b.add(
    NET,
    'VirtualService',
    { name: app, namespace: ns },
    {
      spec: {
        hosts: gateways ? [`${app}.example.com`] : [host],
        ...(gateways ? { gateways } : {}),
        http: [{ route: [{ destination: { host: app, subset: 'v1' }, weight: next ? 90 : 100 }, ...canary] }],
      },
    },
  );
  b.add(
    NET,
    'DestinationRule',
    { name: app, namespace: ns },
    { spec: { host, subsets: [{ name: 'v1', labels: { version: 'v1' } }] } },
  );
}

/**
 * Generates a realistic, deterministic cluster: an istio-system control plane (istiod with
 * ambient, ztunnel, istio-cni, ingress gateways, Gateway API CRDs) and namespaces in every
 * migration state with Deployments, ReplicaSets, Pods, Services, VirtualServices with weights,
 * DestinationRules, waypoints, HTTPRoutes and ServiceEntries.
 */
export function generateCluster(opts: GenerateOptions): ResourceSet {
  const r = rng(opts.seed ?? 1);
  const b = new Builder();
  controlPlane(b);
  const nsCount = Math.max(1, opts.namespaces ?? Math.min(400, Math.max(3, Math.ceil(opts.pods / 120))));
  let remaining = Math.max(0, Math.floor(opts.pods));
  for (let n = 0; n < nsCount; n++) {
    const ns = `team-${String(n).padStart(3, '0')}`;
    // The first namespaces cover every mode so even small clusters show each state.
    const mode = MODE_WEIGHTS[n]?.[0] ?? pickMode(r);
    b.add('v1', 'Namespace', {
      name: ns,
      labels: { ...NS_LABELS[mode], 'mesh-migrator.io/generated-mode': mode },
    });
    if (mode === 'ambient-l7') waypoint(b, ns);
    let budget = Math.floor(remaining / (nsCount - n));
    remaining -= budget;
    const apps: { name: string; replicas: number }[] = [];
    for (let i = 0; budget > 0; i++) {
      const replicas = Math.min(budget, 1 + Math.floor(r() * 5));
      budget -= replicas;
      apps.push({ name: `app-${i}`, replicas });
    }
    apps.forEach(({ name, replicas }, i) => {
      b.deployment(ns, name, replicas, { app: name, version: 'v1' }, shapeFor(mode, r));
      b.service(ns, name, { app: name });
      if (r() < 0.35) routing(b, ns, name, apps[i + 1]?.name, mode, r);
    });
    if (n % 25 === 0) {
      b.add(
        NET,
        'ServiceEntry',
        { name: `external-api-${n}`, namespace: ns },
        {
          spec: {
            hosts: [`api-${n}.partner.example`],
            location: 'MESH_EXTERNAL',
            ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
            resolution: 'DNS',
          },
        },
      );
    }
  }
  return toResourceSet(b.objects);
}

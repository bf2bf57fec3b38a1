import { emptyResourceSet, type ResourceSet } from '../cluster/snapshot';
import { descriptorFor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { Builder, type PodShape, PROGRAMMED } from './generate-builder';
import { controlPlane } from './generate-control-plane';
import { authorizationPolicy, namespacePolicies } from './generate-policies';

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
  /**
   * Include stub CustomResourceDefinitions (default true) for in-memory use; a real API server
   * installs the real CRDs itself, so loaders leave them out.
   */
  crds?: boolean;
}

const GW = 'gateway.networking.k8s.io/v1';
const NET = 'networking.istio.io/v1';
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
  return toResourceSet(generateObjects(opts));
}

/** {@link generateCluster} as a flat list of objects, in creation order (namespaces first). */
export function generateObjects(opts: GenerateOptions): KubeObject[] {
  const r = rng(opts.seed ?? 1);
  const b = new Builder();
  controlPlane(b, opts.crds !== false);
  const nsCount = Math.max(1, opts.namespaces ?? Math.min(2000, Math.max(3, Math.ceil(opts.pods / 120))));
  const digits = Math.max(3, String(nsCount - 1).length);
  let remaining = Math.max(0, Math.floor(opts.pods));
  for (let n = 0; n < nsCount; n++) {
    const ns = `team-${String(n).padStart(digits, '0')}`;
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
      if (mode !== 'none' && r() < 0.2) b.objects.push(authorizationPolicy(ns, name, apps[i + 1]?.name));
    });
    for (const obj of namespacePolicies(ns, n, mode, r)) b.objects.push(obj);
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
  return b.objects;
}

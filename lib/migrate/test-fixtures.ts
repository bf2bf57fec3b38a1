/** Small hand-written cluster objects for the migration tests. */
import { emptyResourceSet, type ResourceSet } from '../cluster/snapshot';
import { descriptorFor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';

/** A ResourceSet holding `objects`, each sorted into its kind. */
export function resourcesOf(...objects: KubeObject[]): ResourceSet {
  const r = emptyResourceSet();
  for (const o of objects) {
    const d = descriptorFor(o.apiVersion, o.kind);
    if (!d) throw new Error(`no kind for ${o.apiVersion} ${o.kind}`);
    r[d.key].push(o);
  }
  return r;
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function service(
  ns: string,
  name: string,
  selector: Record<string, string> | undefined,
  ports: Record<string, unknown>[] = [{ name: 'http', port: 80 }],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { ...(selector ? { selector } : {}), ports },
  };
}

export function deployment(
  ns: string,
  name: string,
  labels: Record<string, string>,
  extra: {
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
    metadata?: Partial<KubeObject['metadata']>;
  } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, ...extra.metadata },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
        spec: { containers: [{ name: 'app', image: 'app:1' }], ...extra.spec },
      },
    },
  };
}

export function replicaSet(ns: string, deploymentName: string, hash: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deploymentName}-${hash}`,
      namespace: ns,
      uid: `uid-rs-${ns}-${deploymentName}-${hash}`,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deploymentName,
          uid: `uid-${ns}-${deploymentName}`,
          controller: true,
        },
      ],
    },
  };
}

/** A pod of a Deployment (through its ReplicaSet `<deployment>-<hash>`), with or without sidecar. */
export function pod(
  ns: string,
  deploymentName: string,
  labels: Record<string, string>,
  opts: {
    sidecar?: boolean;
    ambient?: boolean;
    sa?: string;
    index?: number;
    proxyImage?: string;
    hash?: string;
  } = {},
): KubeObject {
  const hash = opts.hash ?? 'abc12';
  const annotations: Record<string, string> = {};
  if (opts.sidecar) annotations['sidecar.istio.io/status'] = '{"containers":["istio-proxy"]}';
  if (opts.ambient) annotations['ambient.istio.io/redirection'] = 'enabled';
  const containers: Record<string, unknown>[] = [{ name: 'app', image: 'app:1' }];
  if (opts.sidecar)
    containers.push({ name: 'istio-proxy', image: opts.proxyImage ?? 'docker.io/istio/proxyv2:1.26.2' });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${deploymentName}-${hash}-${opts.index ?? 0}`,
      namespace: ns,
      labels: { ...labels, 'pod-template-hash': hash },
      annotations,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${deploymentName}-${hash}`,
          uid: `uid-rs-${ns}-${deploymentName}-${hash}`,
          controller: true,
        },
      ],
    },
    spec: { serviceAccountName: opts.sa ?? deploymentName, containers },
  };
}

export function authorizationPolicy(ns: string, name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: ns },
    spec,
  };
}

export function istio(
  kind: string,
  ns: string,
  name: string,
  spec: Record<string, unknown>,
  group = 'networking.istio.io',
  version = 'v1',
): KubeObject {
  return { apiVersion: `${group}/${version}`, kind, metadata: { name, namespace: ns }, spec };
}

/** A sidecar namespace `shop` with `web` → `api` (Service api, pods app=api), both on sidecars. */
export function sidecarShop(): KubeObject[] {
  return [
    namespace('shop', { 'istio-injection': 'enabled' }),
    service('shop', 'api', { app: 'api' }),
    service('shop', 'web', { app: 'web' }),
    deployment('shop', 'api', { app: 'api' }),
    deployment('shop', 'web', { app: 'web' }),
    replicaSet('shop', 'api', 'abc12'),
    replicaSet('shop', 'web', 'abc12'),
    pod('shop', 'api', { app: 'api' }, { sidecar: true }),
    pod('shop', 'web', { app: 'web' }, { sidecar: true }),
  ];
}

/** The GatewayClass istiod installs for waypoints. */
export const waypointClass: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'istio-waypoint' },
  spec: { controllerName: 'istio.io/mesh-controller' },
};

/** Small clusters for the demo source's tests. */
import { isApiError } from '../k8s/errors';
import { kindByKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { createDemoCluster } from './index';

export const NS = kindByKey('namespaces');
export const DEPLOY = kindByKey('deployments');
export const VS = kindByKey('virtualservices');
export const CM = kindByKey('configmaps');

export const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

export const deployment = (ns: string, name: string, replicas = 2): KubeObject => ({
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

export const virtualService = (hosts: string[]): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'app' },
  spec: { hosts, http: [{ route: [{ destination: { host: 'reviews' } }] }] },
});

export const waypointClass: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'istio-waypoint' },
  spec: { controllerName: 'istio.io/mesh-controller' },
};

export async function cluster(extra: KubeObject[] = [], opts: { readOnly?: boolean } = {}) {
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

export async function apiError(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

export const podsOf = (c: Awaited<ReturnType<typeof cluster>>, ns: string, prefix: string) =>
  c
    .snapshot()
    .resources.pods.filter((p) => p.metadata.namespace === ns && p.metadata.name.startsWith(`${prefix}-`));

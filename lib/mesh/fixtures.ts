import type { KubeObject, OwnerReference } from '../k8s/objects';

/** Small object builders for unit tests of the mesh and topology code. */

type Meta = { labels?: Record<string, string>; annotations?: Record<string, string> };

export function nsObj(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `ns-${name}`, labels } };
}

export function ownerRef(kind: string, name: string, uid = `${kind}-${name}`): OwnerReference[] {
  const apiVersion = kind === 'Pod' ? 'v1' : 'apps/v1';
  return [{ apiVersion, kind, name, uid, controller: true }];
}

export function podObj(
  namespace: string,
  name: string,
  o: Meta & { owner?: OwnerReference[]; sidecar?: boolean; captured?: boolean; hostNetwork?: boolean } = {},
): KubeObject {
  const annotations = { ...o.annotations };
  if (o.sidecar) annotations['sidecar.istio.io/status'] = '{}';
  if (o.captured) annotations['ambient.istio.io/redirection'] = 'enabled';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `pod-${namespace}-${name}`,
      labels: o.labels,
      annotations,
      ownerReferences: o.owner,
    },
    spec: { containers: [{ name: 'app' }], ...(o.hostNetwork ? { hostNetwork: true } : {}) },
  };
}

export function deploymentObj(
  namespace: string,
  name: string,
  labels: Record<string, string> = { app: name },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, uid: `Deployment-${name}` },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels } } },
  };
}

export function replicaSetObj(namespace: string, name: string, deployment?: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace,
      uid: `ReplicaSet-${name}`,
      ownerReferences: deployment ? ownerRef('Deployment', deployment) : undefined,
    },
  };
}

export function serviceObj(
  namespace: string,
  name: string,
  selector?: Record<string, string>,
  meta: Meta = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, ...meta },
    spec: { ...(selector ? { selector } : {}), ports: [{ name: 'http', port: 80 }] },
  };
}

export function waypointObj(
  namespace: string,
  name: string,
  o: { waypointFor?: string; programmed?: boolean; allowedFrom?: string; className?: string } = {},
): KubeObject {
  const listener: Record<string, unknown> = { name: 'mesh', port: 15008, protocol: 'HBONE' };
  if (o.allowedFrom) listener.allowedRoutes = { namespaces: { from: o.allowedFrom } };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace, labels: o.waypointFor ? { 'istio.io/waypoint-for': o.waypointFor } : {} },
    spec: { gatewayClassName: o.className ?? 'istio-waypoint', listeners: [listener] },
    status: { conditions: [{ type: 'Programmed', status: o.programmed === false ? 'False' : 'True' }] },
  };
}

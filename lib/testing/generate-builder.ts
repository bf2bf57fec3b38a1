import type { KubeObject } from '../k8s/objects';

// Conditions carry every field the Gateway API schema requires, so the API server accepts them.
const SINCE = '2026-01-01T00:00:00Z';
const condition = (type: string) => ({
  type,
  status: 'True',
  reason: type,
  message: `${type} by the generator`,
  lastTransitionTime: SINCE,
});
export const PROGRAMMED = { conditions: [condition('Accepted'), condition('Programmed')] };
const READY = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };

/** Collects generated objects and gives each a uid, so owner references resolve. */
export class Builder {
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
    const rsLabels = { ...labels, 'pod-template-hash': hash };
    const rs = this.add(
      'apps/v1',
      'ReplicaSet',
      { name: `${name}-${hash}`, namespace: ns, labels: rsLabels, ownerReferences: this.owner(dep) },
      {
        spec: {
          replicas,
          selector: { matchLabels: rsLabels },
          template: { ...template, metadata: { labels: rsLabels } },
        },
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
    const containers: Record<string, unknown>[] = [{ name: 'app', image: 'example/app:1.0' }];
    if (shape.sidecar)
      containers.push({
        name: 'istio-proxy',
        image: 'docker.io/istio/proxyv2:1.24.3',
        args: ['proxy', 'sidecar'],
        resources: { requests: { cpu: '10m', memory: '40Mi' } },
      });
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

export interface PodShape {
  sidecar?: boolean;
  captured?: boolean;
  hostNetwork?: boolean;
}

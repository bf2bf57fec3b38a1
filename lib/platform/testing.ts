/** Small hand-written objects for the platform tests. */
import type { KubeObject } from '../k8s/objects';

export function pod(
  ns: string,
  name: string,
  opts: {
    sidecar?: { requests?: Record<string, string>; limits?: Record<string, string>; native?: boolean };
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    nodeName?: string;
  } = {},
): KubeObject {
  const proxy = opts.sidecar && {
    name: 'istio-proxy',
    image: 'docker.io/istio/proxyv2:1.30.3',
    ...(opts.sidecar.native ? { restartPolicy: 'Always' } : {}),
    ...(opts.sidecar.requests || opts.sidecar.limits
      ? { resources: { requests: opts.sidecar.requests ?? {}, limits: opts.sidecar.limits ?? {} } }
      : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels: opts.labels ?? { app: name },
      annotations: {
        ...(opts.sidecar ? { 'sidecar.istio.io/status': '{}' } : {}),
        ...opts.annotations,
      },
    },
    spec: {
      ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
      containers: [{ name: 'app', image: 'app:1' }, ...(proxy && !opts.sidecar?.native ? [proxy] : [])],
      ...(proxy && opts.sidecar?.native ? { initContainers: [proxy] } : {}),
    },
  };
}

export function ambientPod(ns: string, name: string, annotations: Record<string, string> = {}): KubeObject {
  return pod(ns, name, { annotations: { 'ambient.istio.io/redirection': 'enabled', ...annotations } });
}

export function ztunnelDaemonSet(nodes: number, requests?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ztunnel', namespace: 'istio-system', labels: { app: 'ztunnel' } },
    spec: {
      template: {
        spec: { containers: [{ name: 'istio-proxy', ...(requests ? { resources: { requests } } : {}) }] },
      },
    },
    status: { desiredNumberScheduled: nodes, numberReady: nodes },
  };
}

export function waypoint(ns: string, name = 'waypoint'): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: {
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    },
  };
}

export function namespaceObj(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function istioGateway(
  ns: string,
  name: string,
  credentialName: string,
  selector = { istio: 'ingressgateway' },
): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: {
      selector,
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['shop.example.com'],
          tls: { mode: 'SIMPLE', credentialName },
        },
      ],
    },
  };
}

export function certificate(
  ns: string,
  name: string,
  secretName: string,
  issuer: { kind: 'Issuer' | 'ClusterIssuer'; name: string },
  status: { ready?: boolean; notAfter?: string } = { ready: true, notAfter: '2027-03-01T00:00:00Z' },
): KubeObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace: ns },
    spec: { secretName, dnsNames: ['shop.example.com'], issuerRef: { ...issuer, group: 'cert-manager.io' } },
    status: {
      ...(status.notAfter ? { notAfter: status.notAfter } : {}),
      conditions: [
        {
          type: 'Ready',
          status: status.ready === false ? 'False' : 'True',
          message: status.ready === false ? 'challenge failed' : 'ok',
        },
      ],
    },
  };
}

export function clusterIssuer(name: string, spec: Record<string, unknown>, ready = true): KubeObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name },
    spec,
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

export function ingressPod(): KubeObject {
  return pod('istio-system', 'istio-ingressgateway-1', {
    labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' },
  });
}

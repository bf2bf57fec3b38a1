/** What istiod's deployment controller creates for a Gateway, simulated: labels, Deployment, Service. */
import type { KubeObject } from '../k8s/objects';
import { PROXY_IMAGE } from './inject';
import { ownerRef } from './pods';

export function classOf(gw: KubeObject): string {
  return (gw.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName ?? '';
}

export interface Listener {
  name: string;
  port: number;
  protocol: string;
}

/**
 * The labels Istio's templates put on everything they create for a Gateway: its infrastructure labels
 * (the Gateway's own, less `gateway.networking.k8s.io/` ones) under Istio's; an ingress Gateway's
 * proxy is kept out of ambient (`istio.io/dataplane-mode=none`) unless the Gateway says otherwise.
 * Checked against istiod by test/fidelity/waypoint.test.ts and status-ingress.test.ts.
 */
export function proxyLabels(gw: KubeObject, waypoint: boolean): Record<string, string> {
  const infra = Object.fromEntries(
    Object.entries(gw.metadata.labels ?? {}).filter(([k]) => !k.startsWith('gateway.networking.k8s.io/')),
  );
  return {
    ...(waypoint || infra['istio.io/dataplane-mode'] ? {} : { 'istio.io/dataplane-mode': 'none' }),
    ...infra,
    'gateway.networking.k8s.io/gateway-name': gw.metadata.name,
    'gateway.networking.k8s.io/gateway-class-name': classOf(gw),
    'gateway.istio.io/managed': waypoint ? 'istio.io-mesh-controller' : 'istio.io-gateway-controller',
  };
}

export function proxyDeployment(gw: KubeObject, name: string, waypoint: boolean): KubeObject {
  const labels = proxyLabels(gw, waypoint);
  const podLabels = {
    'sidecar.istio.io/inject': 'false',
    ...(waypoint ? { 'istio.io/dataplane-mode': 'none' } : {}),
    'service.istio.io/canonical-name': name,
    'service.istio.io/canonical-revision': 'latest',
    ...labels,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: gw.metadata.namespace, labels, ownerReferences: [ownerRef(gw)] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': gw.metadata.name } },
      template: {
        metadata: {
          labels: podLabels,
          annotations: {
            'istio.io/rev': 'default',
            'prometheus.io/port': '15020',
            'prometheus.io/scrape': 'true',
          },
        },
        spec: {
          serviceAccountName: name,
          containers: [
            {
              name: 'istio-proxy',
              image: PROXY_IMAGE,
              args: [
                'proxy',
                waypoint ? 'waypoint' : 'router',
                '--domain',
                '$(POD_NAMESPACE).svc.cluster.local',
              ],
              ports: [
                { name: 'status-port', containerPort: 15021, protocol: 'TCP' },
                { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
              ],
              // Istio's gateway and waypoint template defaults.
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
            },
          ],
        },
      },
    },
  };
}

/**
 * The Service ports istiod's deployment controller writes: the status port, then one per listener
 * port (the first listener on it), named after the listener (dots as dashes, at most 63 characters,
 * a name taken gets `-<port>`), its protocol in lower case as appProtocol.
 */
function servicePorts(
  listeners: Listener[],
): { name: string; port: number; protocol: string; appProtocol: string }[] {
  const ports = [{ name: 'status-port', port: 15021, protocol: 'TCP', appProtocol: 'tcp' }];
  const used = new Set(['status-port']);
  for (const l of listeners) {
    if (ports.some((p) => p.port === l.port && p.name !== 'status-port')) continue;
    const base = l.name.replaceAll('.', '-').slice(0, 63);
    let candidate = base;
    for (let suffix = `-${l.port}`; used.has(candidate); suffix += 'x')
      candidate = base.slice(0, 63 - suffix.length) + suffix;
    used.add(candidate);
    ports.push({ name: candidate, port: l.port, protocol: 'TCP', appProtocol: l.protocol.toLowerCase() });
  }
  return ports;
}

export function proxyService(
  gw: KubeObject,
  name: string,
  listeners: Listener[],
  waypoint: boolean,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: gw.metadata.namespace,
      labels: proxyLabels(gw, waypoint),
      ownerReferences: [ownerRef(gw)],
    },
    spec: {
      type: waypoint ? 'ClusterIP' : 'LoadBalancer',
      selector: { 'gateway.networking.k8s.io/gateway-name': gw.metadata.name },
      ports: servicePorts(listeners),
    },
  };
}

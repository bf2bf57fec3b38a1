import { parseObjects } from '../files/parse';
import type { Builder } from './generate-builder';

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
  selector: { matchLabels: { app: istiod } }
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
status:
  conditions:
    - { type: Accepted, status: "True", reason: Accepted, message: accepted, lastTransitionTime: "2026-01-01T00:00:00Z" }
    - { type: Programmed, status: "True", reason: Programmed, message: programmed, lastTransitionTime: "2026-01-01T00:00:00Z" }
`;

const GATEWAY_CRDS = ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'referencegrants'];
const ISTIO_CRDS = ['virtualservices', 'destinationrules', 'gateways', 'serviceentries'];

export function controlPlane(b: Builder, crds: boolean): void {
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
      {
        spec: {
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: name, image: `istio/${name}:1.24.3` }] },
          },
        },
        status: { ...status, currentNumberScheduled: 3, numberMisscheduled: 0 },
      },
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
  if (!crds) return;
  for (const plural of GATEWAY_CRDS) crd(plural, 'gateway.networking.k8s.io', annotations);
  for (const plural of ISTIO_CRDS) crd(plural, 'networking.istio.io');
}

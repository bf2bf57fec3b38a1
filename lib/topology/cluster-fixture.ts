import type { ResourceSet } from '../cluster/snapshot';
import { parseObjects } from '../files/parse';
import { toResourceSet } from '../testing/generate-cluster';

/** A small hand-written cluster used by the topology tests (every relation appears once). */
export const FIXTURE_YAML = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint } }
---
apiVersion: v1
kind: Namespace
metadata: { name: legacy, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Namespace
metadata: { name: plain }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: istio-system }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: istio-system }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }] }
status: { conditions: [{ type: Programmed, status: "True" }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: shop }
spec: { gatewayClassName: istio-waypoint, listeners: [{ name: mesh, port: 15008, protocol: HBONE }] }
status: { conditions: [{ type: Programmed, status: "True" }] }
---
apiVersion: v1
kind: Pod
metadata:
  name: waypoint-abc
  namespace: shop
  labels: { gateway.networking.k8s.io/gateway-name: waypoint, istio.io/dataplane-mode: none }
---
apiVersion: v1
kind: Service
metadata: { name: waypoint, namespace: shop, labels: { gateway.istio.io/managed: istio.io-mesh-controller, gateway.networking.k8s.io/gateway-name: waypoint } }
spec: { selector: { gateway.networking.k8s.io/gateway-name: waypoint } }
---
apiVersion: v1
kind: Pod
metadata: { name: cart-1, namespace: shop, labels: { app: cart }, annotations: { ambient.istio.io/redirection: enabled } }
---
apiVersion: v1
kind: Pod
metadata: { name: checkout-1, namespace: shop, labels: { app: checkout }, annotations: { ambient.istio.io/redirection: enabled } }
---
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec: { selector: { app: cart } }
---
apiVersion: v1
kind: Service
metadata: { name: checkout, namespace: shop }
spec: { selector: { app: checkout } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: cart-split, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: cart, port: 80 }]
  rules: [{ backendRefs: [{ name: cart, port: 80, weight: 90 }, { name: checkout, port: 80, weight: 10 }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop-public, namespace: shop }
spec:
  parentRefs: [{ name: edge, namespace: istio-system }]
  rules: [{ backendRefs: [{ name: checkout, port: 80 }] }]
---
apiVersion: v1
kind: Pod
metadata: { name: api-1, namespace: legacy, labels: { app: api }, annotations: { sidecar.istio.io/status: "{}" } }
---
apiVersion: v1
kind: Pod
metadata: { name: web-1, namespace: legacy, labels: { app: web }, annotations: { sidecar.istio.io/status: "{}" } }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: legacy }
spec: { selector: { app: api } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: legacy }
spec: { selector: { app: web } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web-public, namespace: legacy }
spec:
  hosts: [web.example.com]
  gateways: [istio-system/public]
  http: [{ route: [{ destination: { host: web.legacy.svc.cluster.local } }] }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: legacy }
spec:
  hosts: [api]
  http:
    - route: [{ destination: { host: api, subset: v1 }, weight: 80 }, { destination: { host: web }, weight: 20 }]
    - route: [{ destination: { host: payments.example.com } }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: payments, namespace: legacy }
spec: { hosts: [payments.example.com], location: MESH_EXTERNAL }
---
apiVersion: v1
kind: Pod
metadata: { name: batch-1, namespace: plain, labels: { app: batch } }
`;

export function fixtureCluster(): ResourceSet {
  const parsed = parseObjects(FIXTURE_YAML, 'fixture.yaml');
  if (parsed.problems.length > 0) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return toResourceSet(parsed.objects);
}

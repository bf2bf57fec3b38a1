import { describe, expect, it } from 'vitest';
import { parseObjects } from '../files/parse';
import { summarizeCluster } from '../mesh/summary';
import { toResourceSet } from '../testing/generate-cluster';
import { buildGraph } from './build';

const yaml = `apiVersion: v1
kind: Namespace
metadata: { name: web }
---
apiVersion: v1
kind: Service
metadata: { name: site, namespace: web }
spec: { selector: { app: site }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: fallback, namespace: web }
spec: { selector: { app: fallback }, ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: site, namespace: web }
spec:
  ingressClassName: nginx
  defaultBackend: { service: { name: fallback, port: { number: 80 } } }
  rules:
    - host: site.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: site, port: { number: 80 } } } }] }
`;

describe('Ingress in the topology', () => {
  it('draws the Ingress as an ingress node with edges to its path and default backends', () => {
    const rs = toResourceSet(parseObjects(yaml, 'web.yaml').objects);
    const g = buildGraph(rs, summarizeCluster(rs), {});
    const node = g.nodes.find((n) => n.id === 'ing:web/site');
    expect(node).toMatchObject({
      type: 'ingress',
      badges: ['ingress', 'class:nginx'],
      ref: 'Ingress/web/site',
    });
    const edges = g.edges
      .filter((e) => e.source === 'ing:web/site')
      .map((e) => e.target)
      .sort();
    expect(edges).toEqual(['svc:web/fallback', 'svc:web/site']);
  });
});

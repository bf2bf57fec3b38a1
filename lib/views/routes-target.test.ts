import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSource } from '../cluster/source';
import { createDemoCluster } from '../demo';
import { routesBundle, routesView } from './routes';

describe('routesView of the demo webshop namespace (ingress-nginx Ingresses)', () => {
  let demo: ClusterSource;
  beforeAll(async () => {
    demo = createDemoCluster({ tickMs: 0 });
    await demo.start();
  });

  it('lists the namespace and shows each Ingress beside its Gateway API form, rows per host', () => {
    const v = routesView(demo.snapshot().resources, 'webshop', {
      gatewayClassName: 'istio',
      channel: 'standard',
    });
    expect(v.namespaces).toContain('webshop');
    const web = v.sources.find((s) => s.source === 'Ingress/webshop/web');
    expect(web?.kind).toBe('Ingress');
    expect(web?.rules.map((r) => r.field)).toEqual(['spec.rules[0]']);
    expect(web?.rules[0]?.outputs.map((o) => o.resource)).toEqual(
      expect.arrayContaining(['HTTPRoute/webshop/web', 'HTTPRoute/webshop/web-https-redirect']),
    );
    expect(web?.outputs.map((o) => o.ref)).toEqual(expect.arrayContaining(['Gateway/webshop/ingress-nginx']));
    // Istio has no body-size limit: said, with the annotation.
    expect(web?.warnings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        field: 'metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]',
      }),
    );
  });

  it('writes Envoy Gateway policies beside the routes for the envoy-gateway target', () => {
    const v = routesView(demo.snapshot().resources, 'webshop', {
      gatewayClassName: 'eg',
      channel: 'standard',
      target: 'envoy-gateway',
    });
    expect(v.target).toBe('envoy-gateway');
    const web = v.sources.find((s) => s.source === 'Ingress/webshop/web');
    expect(web?.outputs.map((o) => o.ref)).toContain('BackendTrafficPolicy/webshop/web');
    const api = v.sources.find((s) => s.source === 'Ingress/webshop/api');
    expect(api?.outputs.map((o) => o.ref)).toEqual(
      expect.arrayContaining(['SecurityPolicy/webshop/api', 'BackendTLSPolicy/webshop/api-backend-tls']),
    );
  });

  it('reports portability per target for the namespace', () => {
    const v = routesView(demo.snapshot().resources, 'webshop', {
      gatewayClassName: 'istio',
      channel: 'standard',
    });
    const web = v.portability.rows.find((r) => r.source === 'Ingress/webshop/web');
    expect(web?.targets.istio.status).toBe('cannot');
    expect(web?.targets.istio.fields).toContain(
      'metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]',
    );
    expect(web?.targets['envoy-gateway'].status).toBe('policy');
    expect(
      v.portability.rows.find((r) => r.source === 'Ingress/webshop/shop-legacy')?.targets.nginx.status,
    ).toBe('standard');
    expect(v.portability.totals.istio.cannot).toBeGreaterThan(0);
  });

  it('bundles the target policies in the YAML download', () => {
    const text = routesBundle(demo.snapshot().resources, 'webshop', {
      channel: 'standard',
      target: 'nginx',
    });
    expect(text).toContain('# target: nginx, gatewayClassName: nginx');
    expect(text).toContain('kind: ClientSettingsPolicy');
  });
});

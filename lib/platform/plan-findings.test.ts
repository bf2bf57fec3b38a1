import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { enrolBlockers } from '../migrate/enrol';
import { planNamespace } from '../migrate/plan';
import { resourcesOf } from '../migrate/test-fixtures';
import { platformPlanFindings } from './plan-findings';
import { certificate, clusterIssuer, ingressPod, istioGateway, namespaceObj } from './testing';

const NOW = new Date('2026-12-01T00:00:00Z');
const acme = clusterIssuer('acme', { acme: { server: 'https://acme' } });
const pool = (addresses: string[]): KubeObject => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name: 'pool', namespace: 'metallb-system' },
  spec: { addresses },
});
const l2: KubeObject = {
  apiVersion: 'metallb.io/v1beta1',
  kind: 'L2Advertisement',
  metadata: { name: 'l2', namespace: 'metallb-system' },
  spec: { ipAddressPools: ['pool'] },
};
const ingressService = (ip: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
  spec: { type: 'LoadBalancer', ports: [{ port: 443 }] },
  status: { loadBalancer: { ingress: [{ ip }] } },
});
const shop = (...extra: KubeObject[]) =>
  resourcesOf(
    namespaceObj('shop', { 'istio-injection': 'enabled' }),
    istioGateway('shop', 'gw', 'shop-tls'),
    ingressPod(),
    acme,
    ...extra,
  );
const byId = (fs: { id: string }[]) => new Map(fs.map((f) => [f.id, f]));

describe('certificate and load-balancer findings in the plan', () => {
  it('warns of a certificate that is not Ready or expires within 30 days, on the step that creates the Gateway', () => {
    const r = shop(
      certificate(
        'istio-system',
        'shop-tls',
        'shop-tls',
        { kind: 'ClusterIssuer', name: 'acme' },
        { ready: false, notAfter: '2026-12-13T00:00:00Z' },
      ),
      pool(['10.0.0.10-10.0.0.11']),
      l2,
    );
    const plan = planNamespace(r, 'shop', { now: NOW });
    const f = byId(plan.findings);
    expect(f.get('certificate-not-ready:istio-system/shop-tls')).toMatchObject({
      severity: 'warning',
      step: 'create-routes',
    });
    expect(f.get('certificate-expiring:istio-system/shop-tls')).toMatchObject({
      severity: 'warning',
      step: 'create-routes',
      message: expect.stringContaining('expires in 12 day(s)'),
    });
    expect(plan.findings.filter((x) => x.severity === 'warning').map((x) => x.id)).toEqual(
      expect.arrayContaining([
        'certificate-not-ready:istio-system/shop-tls',
        'certificate-expiring:istio-system/shop-tls',
      ]),
    );
    // Without a time to judge expiry by, only readiness is reported.
    const timeless = byId(planNamespace(r, 'shop').findings);
    expect(timeless.has('certificate-expiring:istio-system/shop-tls')).toBe(false);
    expect(timeless.has('certificate-not-ready:istio-system/shop-tls')).toBe(true);
  });

  it('does not warn of a Ready certificate with months left', () => {
    const r = shop(
      certificate('istio-system', 'shop-tls', 'shop-tls', { kind: 'ClusterIssuer', name: 'acme' }),
      pool(['10.0.0.10-10.0.0.11']),
      l2,
    );
    expect(platformPlanFindings(r, 'shop', NOW)).toEqual([]);
  });

  it('blocks the move when the MetalLB pool has no address left for the new Gateway', () => {
    const r = shop(pool(['10.0.0.10/32']), l2, ingressService('10.0.0.10'));
    const plan = planNamespace(r, 'shop', { now: NOW });
    const blocker = byId(plan.findings).get('lb-pool-exhausted:shop/gw');
    expect(blocker).toMatchObject({
      severity: 'blocker',
      step: 'create-routes',
      resource: 'Gateway/shop/gw',
    });
    expect(plan.findings[0]?.severity).toBe('blocker');
    expect(enrolBlockers([plan]).map((b) => b.id)).toContain('lb-pool-exhausted:shop/gw');
  });

  it("judges the pool before the move: another namespace's Istio Gateway does not take this one's address", () => {
    const r = shop(
      pool(['10.0.0.10-10.0.0.11']),
      l2,
      ingressService('10.0.0.10'),
      // Sorts before shop/gw: in the cluster-wide view it would take the last address.
      istioGateway('a-blog', 'gw', 'blog-tls'),
    );
    expect(byId(planNamespace(r, 'shop').findings).has('lb-pool-exhausted:shop/gw')).toBe(false);
  });

  it('warns that the address stays pending without any load-balancer provider', () => {
    const f = byId(planNamespace(shop(), 'shop').findings).get('lb-no-provider:shop/gw');
    expect(f).toMatchObject({ severity: 'warning', step: 'create-routes' });
  });

  it('has nothing to say about a namespace without Istio Gateways', () => {
    expect(
      platformPlanFindings(shop(pool(['10.0.0.10/32']), l2, ingressService('10.0.0.10')), 'other'),
    ).toEqual([]);
  });
});

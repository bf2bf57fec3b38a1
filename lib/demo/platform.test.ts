import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { cluster, namespace } from './fixtures';

const pool: KubeObject = {
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name: 'pool', namespace: 'metallb-system' },
  spec: { addresses: ['192.168.49.240-192.168.49.241'] },
};
const lbService = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'app' },
  spec: { type: 'LoadBalancer', ports: [{ port: 443 }] },
});
const ipOf = (s: KubeObject | undefined) =>
  (s?.status?.loadBalancer as { ingress?: { ip?: string }[] } | undefined)?.ingress?.[0]?.ip;

describe('demo MetalLB and cert-manager', () => {
  it('hands out pool addresses in order and leaves a Service pending when the pool is empty', async () => {
    const c = await cluster([namespace('metallb-system'), pool]);
    for (const n of ['a', 'b', 'c']) await c.apply(lbService(n));
    const svcs = c.snapshot().resources.services;
    expect(['a', 'b', 'c'].map((n) => ipOf(svcs.find((s) => s.metadata.name === n)))).toEqual([
      '192.168.49.240',
      '192.168.49.241',
      undefined,
    ]);
  });

  it('issues a Certificate from a Ready issuer, with the demo expiry and readiness overrides', async () => {
    const c = await cluster([
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: 'vault' },
        spec: { vault: {} },
      },
    ]);
    await c.apply({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: {
        name: 'tls',
        namespace: 'app',
        annotations: {
          'demo.mesh-migrator.io/expires-in-days': '12',
          'demo.mesh-migrator.io/not-ready': 'challenge failed',
        },
      },
      spec: { secretName: 'tls', issuerRef: { name: 'vault', kind: 'ClusterIssuer' } },
    });
    const s = c.snapshot().resources;
    const issuer = s.clusterissuers[0];
    expect(issuer?.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'True' }),
    );
    const cert = s.certificates[0];
    const days = (Date.parse(String(cert?.status?.notAfter)) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(12);
    expect(cert?.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'False', message: 'challenge failed' }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { resourcesOf } from '../migrate/test-fixtures';
import { applyCertificateStrategy } from './certificate-strategy';
import { gatewayCredentials } from './certificates';
import { certificate, clusterIssuer, ingressPod, istioGateway } from './testing';

const NOW = new Date('2026-12-01T00:00:00Z');
const vault = clusterIssuer('vault', {
  vault: { server: 'https://vault:8200', path: 'pki/sign/ingress', auth: {} },
});

describe('gatewayCredentials', () => {
  it('finds the Certificate in the gateway workload namespace and its Vault issuer', () => {
    const r = resourcesOf(
      istioGateway('shop', 'gw', 'shop-tls'),
      ingressPod(),
      vault,
      certificate('istio-system', 'shop-tls', 'shop-tls', { kind: 'ClusterIssuer', name: 'vault' }),
    );
    const [c] = gatewayCredentials(r, NOW);
    expect(c?.secretNamespace).toBe('istio-system');
    expect(c?.certificate?.issuer).toMatchObject({
      type: 'Vault',
      detail: 'https://vault:8200 pki/sign/ingress',
      ready: true,
    });
    expect(c?.certificate?.daysLeft).toBe(90);
    expect(c?.findings).toEqual([]);
  });

  it.each([
    ['ACME', { acme: { server: 'https://acme' } }],
    ['CA', { ca: { secretName: 'root' } }],
    ['SelfSigned', { selfSigned: {} }],
  ])('names a %s issuer', (type, spec) => {
    const r = resourcesOf(
      istioGateway('shop', 'gw', 'tls'),
      ingressPod(),
      clusterIssuer('i', spec),
      certificate('istio-system', 'c', 'tls', { kind: 'ClusterIssuer', name: 'i' }),
    );
    expect(gatewayCredentials(r, NOW)[0]?.certificate?.issuer.type).toBe(type);
  });

  it('warns when a certificate is not ready or expires within 30 days', () => {
    const r = resourcesOf(
      istioGateway('shop', 'gw', 'tls'),
      ingressPod(),
      vault,
      certificate(
        'istio-system',
        'c',
        'tls',
        { kind: 'ClusterIssuer', name: 'vault' },
        { ready: false, notAfter: '2026-12-13T00:00:00Z' },
      ),
    );
    const ids = gatewayCredentials(r, NOW)[0]?.findings.map((f) => [f.id, f.severity]);
    expect(ids).toEqual([
      ['certificate-not-ready:istio-system/tls', 'warning'],
      ['certificate-expiring:istio-system/tls', 'warning'],
    ]);
  });

  it('warns when the issuer is missing or not ready', () => {
    const missing = resourcesOf(
      istioGateway('shop', 'gw', 'tls'),
      ingressPod(),
      certificate('istio-system', 'c', 'tls', { kind: 'ClusterIssuer', name: 'gone' }),
    );
    expect(gatewayCredentials(missing, NOW)[0]?.findings.map((f) => f.id)).toEqual([
      'certificate-issuer-missing:istio-system/tls',
    ]);
    const down = resourcesOf(
      istioGateway('shop', 'gw', 'tls'),
      ingressPod(),
      clusterIssuer('v', { vault: {} }, false),
      certificate('istio-system', 'c', 'tls', { kind: 'ClusterIssuer', name: 'v' }),
    );
    expect(gatewayCredentials(down, NOW)[0]?.findings.map((f) => f.id)).toEqual([
      'certificate-issuer-not-ready:istio-system/tls',
    ]);
  });

  it('notes a Secret no Certificate produces', () => {
    const r = resourcesOf(istioGateway('shop', 'gw', 'tls'), ingressPod());
    expect(gatewayCredentials(r, NOW)[0]?.findings.map((f) => [f.id, f.severity])).toEqual([
      ['certificate-unmanaged:istio-system/tls', 'info'],
    ]);
  });
});

describe('applyCertificateStrategy', () => {
  const converted = [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'shop' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          {
            name: 'https-443',
            port: 443,
            protocol: 'HTTPS',
            hostname: 'shop.example.com',
            tls: {
              mode: 'Terminate',
              certificateRefs: [{ group: '', kind: 'Secret', name: 'tls', namespace: 'istio-system' }],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'shop-certificates', namespace: 'istio-system' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop' }],
        to: [{ group: '', kind: 'Secret', name: 'tls' }],
      },
    },
  ];
  const r = resourcesOf(
    istioGateway('shop', 'gw', 'tls'),
    ingressPod(),
    vault,
    certificate('istio-system', 'c', 'tls', { kind: 'ClusterIssuer', name: 'vault' }),
  );

  it('keeps the ReferenceGrant by default', () => {
    expect(applyCertificateStrategy(r, converted).objects).toBe(converted);
  });

  it('annotates the Gateway with its issuer and drops the certificate grant with cert-manager', () => {
    const out = applyCertificateStrategy(r, converted, 'cert-manager');
    expect(out.objects.map((o) => o.kind)).toEqual(['Gateway']);
    const gw = out.objects[0];
    expect(gw?.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'vault' });
    expect(JSON.stringify(gw?.spec)).not.toContain('istio-system');
    expect(out.notes[0]?.strategy).toBe('cert-manager');
  });

  it('keeps the ReferenceGrant when no cert-manager issuer serves the Gateway', () => {
    const bare = resourcesOf(istioGateway('shop', 'gw', 'tls'), ingressPod());
    const out = applyCertificateStrategy(bare, converted, 'cert-manager');
    expect(out.objects).toHaveLength(2);
    expect(out.notes[0]?.strategy).toBe('reference-grant');
  });
});

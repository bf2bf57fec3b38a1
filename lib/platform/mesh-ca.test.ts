import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { resourcesOf } from '../migrate/test-fixtures';
import { detectMeshCa } from './mesh-ca';
import { pod, ztunnelDaemonSet } from './testing';

function istiod(env: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'discovery', env: Object.entries(env).map(([name, value]) => ({ name, value })) },
          ],
        },
      },
    },
  };
}

function deployment(ns: string, name: string, args: string[] = []): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/name': name } },
    spec: { template: { spec: { containers: [{ name: 'main', args }] } } },
  };
}

describe('detectMeshCa', () => {
  it("recognises istiod's self-signed root", () => {
    const ca = detectMeshCa(resourcesOf(istiod()));
    expect(ca).toMatchObject({
      kind: 'istiod-self-signed',
      ambientOk: true,
      severity: 'info',
      trustDomain: 'cluster.local',
    });
  });

  it('recognises a plugged-in CA from the cacerts Secret keys, never its data', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cacerts', namespace: 'istio-system' },
      data: { 'ca-cert.pem': '', 'root-cert.pem': '' },
    };
    const ca = detectMeshCa(resourcesOf(istiod(), secret));
    expect(ca.kind).toBe('plugged-in');
    expect(ca.evidence[0]).toContain('ca-cert.pem, root-cert.pem');
    expect(ca.keepUnchanged.some((k) => k.includes('cacerts'))).toBe(true);
  });

  it('blocks istio-csr until ztunnel is a trusted node account', () => {
    const without = detectMeshCa(
      resourcesOf(
        istiod({ CA_ADDRESS: 'cert-manager-istio-csr.cert-manager.svc:443' }),
        deployment('cert-manager', 'cert-manager-istio-csr'),
        ztunnelDaemonSet(2),
      ),
    );
    expect(without).toMatchObject({ kind: 'istio-csr', ambientOk: false, severity: 'blocker' });
    const trusted = detectMeshCa(
      resourcesOf(
        istiod({ CA_ADDRESS: 'cert-manager-istio-csr.cert-manager.svc:443' }),
        deployment('cert-manager', 'cert-manager-istio-csr', [
          '--ca-trusted-node-accounts=istio-system/ztunnel',
        ]),
        ztunnelDaemonSet(2),
      ),
    );
    expect(trusted).toMatchObject({ kind: 'istio-csr', ambientOk: true });
  });

  it('flags an external signer as a warning', () => {
    const ca = detectMeshCa(
      resourcesOf(istiod({ EXTERNAL_CA: 'ISTIOD_RA_KUBERNETES_API', K8S_SIGNER: 'example.com/foo' })),
    );
    expect(ca).toMatchObject({ kind: 'external-ca', severity: 'warning', ambientOk: true });
  });

  it('blocks SPIRE-issued identities', () => {
    const p = pod('shop', 'web', { sidecar: {} });
    (p.spec as { volumes?: unknown[] }).volumes = [
      { name: 'workload-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } },
    ];
    const ca = detectMeshCa(resourcesOf(istiod(), p));
    expect(ca).toMatchObject({ kind: 'spire', ambientOk: false, severity: 'blocker' });
  });

  it('reads the trust domain from the mesh config', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio', namespace: 'istio-system' },
      data: { mesh: 'defaultConfig:\n  discoveryAddress: istiod:15012\ntrustDomain: corp.example\n' },
    };
    expect(detectMeshCa(resourcesOf(istiod(), cm)).trustDomain).toBe('corp.example');
  });
});

import { describe, expect, it } from 'vitest';
import type { UserAccess } from '../auth/access';
import type { KindStatus } from '../cluster/snapshot';
import type { KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { resourcesOf } from '../migrate/test-fixtures';
import { detectMeshCa, secretsUnreadable } from './mesh-ca';
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

  describe('when the Secrets of istio-system cannot be read', () => {
    const ok: KindStatus = { state: 'ok', count: 0 };
    const forbidden: KindStatus = {
      state: 'forbidden',
      message: 'you cannot list Plugged-in CA Secrets (cacerts): secrets is forbidden',
      count: 0,
    };
    const access = (perNamespace: Record<string, KindKey[]>): UserAccess => ({
      all: false,
      clusterWide: new Set(),
      perNamespace: new Map(Object.entries(perNamespace).map(([ns, kinds]) => [ns, new Set(kinds)])),
    });

    it.each([
      [
        'the list is forbidden',
        secretsUnreadable(forbidden),
        /missing permission: list secrets in namespace istio-system.*secrets is forbidden/,
      ],
      [
        "the user's RBAC hides them",
        secretsUnreadable(ok, access({ shop: ['casecrets', 'pods'], 'istio-system': ['deployments'] })),
        /missing permission: list secrets in namespace istio-system.*your RBAC/,
      ],
      [
        'the list fell back to other namespaces',
        secretsUnreadable({ ...ok, message: 'cluster-wide list forbidden; showing namespace shop, web' }),
        /Secrets were listed only in shop, web/,
      ],
      [
        'the list failed',
        secretsUnreadable({ state: 'error', message: 'timeout', count: 0 }),
        /could not be listed \(error: timeout\)/,
      ],
    ])('reports the CA as unknown, not self-signed, when %s', (_what, unreadable, why) => {
      const ca = detectMeshCa(resourcesOf(istiod()), unreadable);
      expect(ca.kind).toBe('unknown');
      expect(ca.summary).toBe('unknown (cannot read Secrets in istio-system)');
      expect(ca.severity).toBe('warning');
      expect(ca.evidence.join('\n')).toMatch(why);
    });

    it('still tells self-signed apart when the Secrets were read', () => {
      expect(detectMeshCa(resourcesOf(istiod()), secretsUnreadable(ok)).kind).toBe('istiod-self-signed');
      expect(
        detectMeshCa(resourcesOf(istiod()), secretsUnreadable(ok, access({ 'istio-system': ['casecrets'] })))
          .kind,
      ).toBe('istiod-self-signed');
    });

    it('needs no Secret to recognise istio-csr', () => {
      const ca = detectMeshCa(
        resourcesOf(istiod({ CA_ADDRESS: 'cert-manager-istio-csr.cert-manager.svc:443' })),
        secretsUnreadable(forbidden),
      );
      expect(ca.kind).toBe('istio-csr');
    });
  });
});

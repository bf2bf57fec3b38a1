import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceSet } from '@/lib/cluster/snapshot';
import type { KubeObject } from '@/lib/k8s/objects';
import type { KubeClusterSource } from '@/lib/k8s/source';
import { enrolBlockers } from '@/lib/migrate/enrol';
import { planNamespace } from '@/lib/migrate/plan';
import { gatewayCredentials } from '@/lib/platform/certificates';
import { loadBalancers } from '@/lib/platform/load-balancers';
import { detectMeshCa, secretsUnreadable } from '@/lib/platform/mesh-ca';
import { deleteAll, deleteNamespaces, ensureNamespaces, sourceFor, uniqueName, until } from './helpers';

// cert-manager v1.21.1 and MetalLB v0.16.1 CRDs are installed on the shared server (families
// cert-manager and metallb); these objects go through their real schemas.
const ns = uniqueName('it-platform');
const issuerName = uniqueName('vault');

const objects: KubeObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: ns, labels: { app: 'istiod' } },
    spec: {
      selector: { matchLabels: { app: 'istiod' } },
      template: {
        metadata: { labels: { app: 'istiod' } },
        spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.30.3' }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'cacerts', namespace: ns },
    type: 'Opaque',
    stringData: { 'ca-cert.pem': 'not-a-real-cert', 'ca-key.pem': 'top-secret-key' },
  },
  {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: issuerName },
    spec: {
      vault: {
        server: 'https://vault.vault.svc:8200',
        path: 'pki_int/sign/ingress',
        auth: {
          kubernetes: {
            role: 'cert-manager',
            mountPath: '/v1/auth/kubernetes',
            serviceAccountRef: { name: 'cm' },
          },
        },
      },
    },
  },
  {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'shop-tls', namespace: ns },
    spec: {
      secretName: 'shop-tls',
      dnsNames: ['shop.example.com'],
      issuerRef: { name: issuerName, kind: 'ClusterIssuer', group: 'cert-manager.io' },
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'shop', namespace: ns },
    spec: {
      selector: { istio: 'no-such-ingress' },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['shop.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'shop-tls' },
        },
      ],
    },
  },
  {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'pool', namespace: ns },
    spec: { addresses: ['192.168.77.10/32'], serviceAllocation: { namespaces: [ns] } },
  },
  {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'L2Advertisement',
    metadata: { name: 'l2', namespace: ns },
    spec: { ipAddressPools: ['pool'] },
  },
];

/** The snapshot limited to this test's objects (the server is shared with other files). */
function mine(r: ResourceSet): ResourceSet {
  const out = { ...r };
  for (const k of Object.keys(out) as (keyof ResourceSet)[])
    out[k] = r[k].filter((o) => o.metadata.namespace === ns || o.metadata.name === issuerName);
  return out;
}

describe('cert-manager, MetalLB and the cacerts Secret on a real API server', () => {
  let admin: KubeClusterSource;

  beforeAll(async () => {
    admin = sourceFor('admin');
    await admin.start();
    await ensureNamespaces(admin, [ns]);
    for (const o of objects) await admin.apply(o);
    await until(() => mine(admin.snapshot().resources).l2advertisements.length === 1, 'objects in the cache');
  }, 60_000);

  afterAll(async () => {
    await deleteAll(
      admin,
      objects.filter((o) => o.kind === 'ClusterIssuer'),
    );
    await deleteNamespaces(admin, [ns]);
    await admin.stop();
  });

  it('lists the new kinds and keeps only the key names of the cacerts Secret', () => {
    const snap = admin.snapshot();
    for (const k of [
      'certificates',
      'issuers',
      'clusterissuers',
      'ipaddresspools',
      'l2advertisements',
      'bgpadvertisements',
      'casecrets',
    ] as const)
      expect([k, snap.kinds[k].state]).toEqual([k, 'ok']);
    const secret = mine(snap.resources).casecrets[0];
    expect(secret?.data).toEqual({ 'ca-cert.pem': '', 'ca-key.pem': '' });
    expect(JSON.stringify(snap.resources.casecrets)).not.toContain('dG9wLXNlY3JldC1rZXk');
  });

  it('identifies the plugged-in CA', () => {
    const ca = detectMeshCa(mine(admin.snapshot().resources));
    expect(ca.kind).toBe('plugged-in');
    expect(ca.evidence[0]).toContain('ca-cert.pem, ca-key.pem');
  });

  it('names the Certificate and Vault issuer behind the Gateway credential', () => {
    const [c] = gatewayCredentials(mine(admin.snapshot().resources), new Date());
    expect(c?.certificate?.issuer).toMatchObject({
      kind: 'ClusterIssuer',
      name: issuerName,
      type: 'Vault',
      found: true,
    });
    // No cert-manager runs here: nothing sets status, so the Certificate is not Ready.
    expect(c?.findings.map((f) => f.id)).toContain(`certificate-not-ready:${ns}/shop-tls`);
  });

  it('gives the planned Gateway the pool address, then blocks a second one', async () => {
    const first = loadBalancers(mine(admin.snapshot().resources));
    expect(first.gateways[0]).toMatchObject({
      planned: true,
      state: 'will-be-assigned',
      nextAddress: '192.168.77.10',
    });
    const second: KubeObject = { ...(objects[4] as KubeObject), metadata: { name: 'shop-2', namespace: ns } };
    await admin.apply(second);
    await until(() => mine(admin.snapshot().resources).istiogateways.length === 2, 'second Gateway');
    const view = loadBalancers(mine(admin.snapshot().resources));
    expect(view.gateways.map((g) => g.state)).toEqual(['will-be-assigned', 'no-address']);
    expect(view.gateways[1]?.findings[0]?.severity).toBe('blocker');
  });

  it("makes the certificate and the exhausted pool findings of the namespace's plan, at create-routes", () => {
    const plan = planNamespace(mine(admin.snapshot().resources), ns, { now: new Date() });
    const byId = new Map(plan.findings.map((f) => [f.id, f]));
    expect(byId.get(`certificate-not-ready:${ns}/shop-tls`)).toMatchObject({
      severity: 'warning',
      step: 'create-routes',
    });
    // Both Gateways of the namespace are new: the one pool address serves only the first.
    expect(byId.get(`lb-pool-exhausted:${ns}/shop-2`)).toMatchObject({
      severity: 'blocker',
      step: 'create-routes',
    });
    expect(byId.has(`lb-pool-exhausted:${ns}/shop`)).toBe(false);
    expect(enrolBlockers([plan]).map((f) => f.id)).toContain(`lb-pool-exhausted:${ns}/shop-2`);
  });
});

describe('the mesh CA for a user who cannot list Secrets', () => {
  let admin: KubeClusterSource;
  let viewer: KubeClusterSource;
  const caNs = uniqueName('it-meshca');

  beforeAll(async () => {
    admin = sourceFor('admin');
    viewer = sourceFor('viewer');
    await admin.start();
    await ensureNamespaces(admin, [caNs]);
    const [istiod, cacerts] = objects;
    for (const o of [istiod, cacerts])
      if (o) await admin.apply({ ...o, metadata: { ...o.metadata, namespace: caNs } });
    await until(
      () => admin.snapshot().resources.casecrets.some((s) => s.metadata.namespace === caNs),
      'cacerts in the admin cache',
    );
    await viewer.start();
    await until(
      () => viewer.snapshot().resources.deployments.some((d) => d.metadata.namespace === caNs),
      'istiod in the viewer cache',
    );
  }, 60_000);

  afterAll(async () => {
    await deleteNamespaces(admin, [caNs]);
    await viewer.stop();
    await admin.stop();
  });

  it('reports the plugged-in CA as unknown and names the missing permission', () => {
    const snap = viewer.snapshot();
    expect(snap.kinds.casecrets.state).toBe('forbidden');
    const only = {
      ...snap.resources,
      deployments: snap.resources.deployments.filter((d) => d.metadata.namespace === caNs),
    };
    const ca = detectMeshCa(only, secretsUnreadable(snap.kinds.casecrets));
    expect(ca.kind).toBe('unknown');
    expect(ca.summary).toBe(`unknown (cannot read Secrets in ${caNs})`);
    expect(ca.evidence.join('\n')).toContain(`missing permission: list secrets in namespace ${caNs}`);
    // The same cluster read by a user who may list Secrets finds the cacerts Secret.
    const adminSnap = admin.snapshot();
    const mine = (r: ResourceSet) => ({
      ...r,
      deployments: r.deployments.filter((d) => d.metadata.namespace === caNs),
      casecrets: r.casecrets.filter((s) => s.metadata.namespace === caNs),
    });
    expect(detectMeshCa(mine(adminSnap.resources), secretsUnreadable(adminSnap.kinds.casecrets)).kind).toBe(
      'plugged-in',
    );
  });
});

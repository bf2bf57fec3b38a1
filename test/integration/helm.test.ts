import { type KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/objects';
import { chartDir, helm, pick, renderChart, valuesFile } from './helm';
import { kubeconfigFor, sourceFor, uniqueName } from './helpers';

const MODES = ['proxy', 'proxy-existing', 'oidc', 'token', 'read-only', 'none-acknowledged'] as const;

const kc = kubeconfigFor('admin');
const api = KubernetesObjectApi.makeApiClient(kc);
const admin = sourceFor('admin');
const createdNamespaces: string[] = [];
const createdClusterObjects: KubernetesObject[] = [];

async function namespace(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  createdNamespaces.push(name);
  return name;
}

function envOf(deployment: KubeObject, container = 'dashboard'): Record<string, unknown> {
  const spec = deployment.spec as {
    template: {
      spec: { containers: { name: string; env?: { name: string; value?: string; valueFrom?: unknown }[] }[] };
    };
  };
  const c = spec.template.spec.containers.find((x) => x.name === container);
  if (!c) throw new Error(`no container ${container}`);
  return Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
}

/** Asks the API server whether the chart's service account may do something (SubjectAccessReview). */
async function serviceAccountMay(
  sa: string,
  attrs: { verb: string; group: string; resource: string; namespace?: string; name?: string },
): Promise<boolean> {
  const review = await admin.rest.request<{ status: { allowed: boolean } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: sa,
          groups: [
            'system:serviceaccounts',
            `system:serviceaccounts:${sa.split(':')[2]}`,
            'system:authenticated',
          ],
          resourceAttributes: attrs,
        },
      },
    },
  );
  return review.status.allowed;
}

afterAll(async () => {
  for (const o of createdClusterObjects) await api.delete(o).catch(() => undefined);
  for (const n of createdNamespaces)
    await api.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } }).catch(() => undefined);
});

describe('Helm chart', () => {
  for (const mode of MODES) {
    it(`${mode}: helm lint passes with the values of this mode`, () => {
      const r = helm(['lint', chartDir, '--strict', '-f', valuesFile(mode)]);
      expect(r.stderr + r.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(r.status).toBe(0);
    });

    it(`${mode}: every rendered object passes a server-side dry run`, async () => {
      const ns = await namespace(`helm-${mode}`.slice(0, 20));
      const objects = renderChart(`mm-${mode}`, ns, mode);
      expect(objects.map((o) => o.kind)).toEqual(
        expect.arrayContaining(['Deployment', 'Service', 'ServiceAccount']),
      );
      const refused: string[] = [];
      for (const o of objects) {
        try {
          await api.create(o as KubernetesObject, undefined, 'All');
        } catch (e) {
          refused.push(`${o.kind}/${o.metadata.name}: ${(e as Error).message.slice(0, 300)}`);
        }
      }
      expect(refused).toEqual([]);
    });
  }

  it('refuses auth.mode=none unless acknowledged', () => {
    const r = helm(['template', 'mm', chartDir, '-f', valuesFile('none-unacknowledged')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('acknowledgeNoAuth');
  });

  it('refuses oidc mode without an https issuer', () => {
    const r = helm([
      'template',
      'mm',
      chartDir,
      '-f',
      valuesFile('oidc'),
      '--set',
      'auth.oidc.issuerURL=http://login.example.com',
    ]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('issuerURL');
  });

  it('keeps the pod out of the mesh and locked down', () => {
    const d = pick(renderChart('mm', 'mesh-migrator', 'token'), 'Deployment');
    const tmpl = d.spec as {
      template: {
        metadata: { labels: Record<string, string>; annotations: Record<string, string> };
        spec: {
          securityContext: Record<string, unknown>;
          containers: { name: string; securityContext: Record<string, unknown>; readinessProbe: unknown }[];
        };
      };
    };
    expect(tmpl.template.metadata.annotations['sidecar.istio.io/inject']).toBe('false');
    expect(tmpl.template.metadata.labels['istio.io/dataplane-mode']).toBe('none');
    expect(tmpl.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const c of tmpl.template.spec.containers)
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
      });
    expect(JSON.stringify(tmpl.template.spec.containers[0]?.readinessProbe)).toContain('/api/ready');
  });

  it('passes each mode to the server: none is forced read-only, proxy headers count only with the shared secret', () => {
    const none = envOf(pick(renderChart('mm', 'mm', 'none-acknowledged'), 'Deployment'));
    expect(none).toMatchObject({ MESH_MIGRATOR_AUTH: 'none', MESH_MIGRATOR_READ_ONLY: 'true' });
    const proxy = pick(renderChart('mm', 'mm', 'proxy'), 'Deployment');
    // Behind the sidecar: loopback only, and the sidecar proves itself with the generated secret.
    expect(envOf(proxy)).toMatchObject({
      MESH_MIGRATOR_AUTH: 'proxy',
      HOSTNAME: '127.0.0.1',
      MESH_MIGRATOR_PROXY_TRUST: 'secret',
      MESH_MIGRATOR_PROXY_SECRET: { secretKeyRef: { name: 'mm-mesh-migrator-session', key: 'proxy-secret' } },
    });
    expect(envOf(proxy, 'oauth2-proxy').MESH_MIGRATOR_PROXY_SECRET).toMatchObject({
      secretKeyRef: { name: 'mm-mesh-migrator-session', key: 'proxy-secret' },
    });
    expect(String(envOf(proxy).MESH_MIGRATOR_ALLOWED_HOSTS)).toContain('mesh-migrator.example.com');
    const existing = envOf(pick(renderChart('mm', 'mm', 'proxy-existing'), 'Deployment'));
    expect(existing.MESH_MIGRATOR_PROXY_SECRET).toMatchObject({
      secretKeyRef: { name: 'mesh-migrator-proxy', key: 'proxy-secret' },
    });
    expect(existing.MESH_MIGRATOR_PROXY_TRUST).toBe('secret');
  });

  it('grants the server account read everywhere, impersonation only in proxy mode, and no write in any mode', async () => {
    for (const mode of ['proxy', 'token', 'oidc'] as const) {
      const ns = await namespace(`rbac-${mode}`);
      const release = uniqueName(`r${mode}`).slice(0, 20);
      const objects = renderChart(release, ns, mode).filter((o) =>
        ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind),
      );
      for (const o of objects) {
        await api.create(o as KubernetesObject);
        if (!o.metadata.namespace) createdClusterObjects.push(o as KubernetesObject);
      }
      const sa = `system:serviceaccount:${ns}:${pick(objects, 'ServiceAccount').metadata.name}`;
      expect(await serviceAccountMay(sa, { verb: 'list', group: '', resource: 'pods' })).toBe(true);
      expect(
        await serviceAccountMay(sa, {
          verb: 'watch',
          group: 'networking.istio.io',
          resource: 'virtualservices',
        }),
      ).toBe(true);
      const writes: [string, string, string][] = [
        ['create', '', 'configmaps'],
        ['patch', '', 'namespaces'],
        ['delete', '', 'services'],
        ['patch', 'apps', 'deployments'],
        ['create', 'gateway.networking.k8s.io', 'httproutes'],
        ['delete', 'networking.istio.io', 'virtualservices'],
        ['update', 'security.istio.io', 'authorizationpolicies'],
        ['create', 'coordination.k8s.io', 'leases'],
        ['get', '', 'secrets'],
        ['create', 'rbac.authorization.k8s.io', 'clusterrolebindings'],
      ];
      for (const [verb, group, resource] of writes) {
        for (const namespace of [undefined, ns, 'bookinfo']) {
          expect(
            await serviceAccountMay(sa, { verb, group, resource, namespace }),
            `${mode}: ${verb} ${group}/${resource} in ${namespace ?? 'cluster'}`,
          ).toBe(false);
        }
      }
      const mayImpersonate = await serviceAccountMay(sa, {
        verb: 'impersonate',
        group: '',
        resource: 'users',
        name: 'alice',
      });
      expect(mayImpersonate, `${mode}: impersonate`).toBe(mode === 'proxy');
    }
  });

  it('generates the session key on install and keeps it on upgrade', async () => {
    const ns = await namespace('helm-install');
    const release = uniqueName('mm').slice(0, 20);
    const kubeconfig = inject('MM_KUBECONFIG');
    const install = helm(
      ['install', release, chartDir, '-n', ns, '-f', valuesFile('token'), '--kube-context', 'admin'],
      { KUBECONFIG: kubeconfig },
    );
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    expect(install.stdout).toContain('can only read');
    const secretName = `${release}-mesh-migrator-session`;
    const read = async () =>
      (
        (await api.read({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: secretName, namespace: ns },
        })) as {
          data: Record<string, string>;
        }
      ).data['session-key'];
    const before = await read();
    expect(Buffer.from(before ?? '', 'base64').length).toBeGreaterThanOrEqual(32);
    const upgrade = helm(
      [
        'upgrade',
        release,
        chartDir,
        '-n',
        ns,
        '-f',
        valuesFile('token'),
        '--set',
        'replicaCount=3',
        '--kube-context',
        'admin',
      ],
      { KUBECONFIG: kubeconfig },
    );
    expect(upgrade.status, upgrade.stderr).toBe(0);
    expect(await read()).toBe(before);
    const uninstall = helm(['uninstall', release, '-n', ns, '--kube-context', 'admin'], {
      KUBECONFIG: kubeconfig,
    });
    expect(uninstall.status, uninstall.stderr).toBe(0);
  });
});

import { inject } from 'vitest';
import { POST as loginPOST } from '@/app/api/auth/login/route';
import { GET as sessionGET } from '@/app/api/auth/session/route';
import { POST as applyPOST } from '@/app/api/migration/[ns]/apply/route';
import { POST as previewPOST } from '@/app/api/migration/[ns]/preview/route';
import { POST as rollbackPreviewPOST } from '@/app/api/migration/[ns]/rollback/preview/route';
import { POST as rollbackPOST } from '@/app/api/migration/[ns]/rollback/route';
import { getConnection } from '@/lib/cluster/registry';
import type { KubeClusterSource } from '@/lib/k8s/source';
import type { StepId } from '@/lib/migrate';
import { reloadServerAuth } from '@/lib/server/auth';
import { type Call, DashboardClient, type RouteHandler } from './dashboard';
import { createBookinfoCopy, kubeconfigFor, type TestContext, until } from './helpers';

export const SECRET = 'integration-test-secret-0123456789abcdef';

/** Runs the dashboard's handlers in this process in `mode`, on the shared test API server (admin's kubeconfig). */
export function useMode(mode: 'token' | 'proxy' | 'local', extra: Record<string, string> = {}): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('MESH_MIGRATOR_')) delete process.env[k];
  Object.assign(process.env, {
    KUBECONFIG: inject('MM_KUBECONFIG'),
    MESH_MIGRATOR_AUTH: mode,
    MESH_MIGRATOR_BIND: '127.0.0.1',
    MESH_MIGRATOR_SECRET: SECRET,
    ...extra,
  });
  reloadServerAuth();
}

export const tokenOf = (user: TestContext): string => kubeconfigFor(user).getCurrentUser()?.token as string;

const h = (f: unknown) => f as RouteHandler;

/** A browser session logged in with `user`'s token (token mode). */
export async function loggedIn(user: TestContext): Promise<DashboardClient> {
  const c = new DashboardClient();
  const r = await c.call(h(loginPOST), '/api/auth/login', { body: { token: tokenOf(user) } });
  if (r.status !== 200) throw new Error(`login as ${user}: ${r.status} ${JSON.stringify(r.body)}`);
  await c.startSession(h(sessionGET));
  return c;
}

export const preview = (c: DashboardClient, ns: string, step: StepId): Promise<Call> =>
  c.call(h(previewPOST), `/api/migration/${ns}/preview`, { body: { step }, params: { ns } });

export const apply = (
  c: DashboardClient,
  ns: string,
  step: StepId,
  confirm: string,
  force?: boolean,
): Promise<Call> =>
  c.call(h(applyPOST), `/api/migration/${ns}/apply`, {
    body: { step, confirm, ...(force ? { force } : {}) },
    params: { ns },
  });

export const rollbackPreview = (c: DashboardClient, ns: string, recordId: string): Promise<Call> =>
  c.call(h(rollbackPreviewPOST), `/api/migration/${ns}/rollback/preview`, {
    body: { recordId },
    params: { ns },
  });

export const rollback = (c: DashboardClient, ns: string, recordId: string, confirm: string): Promise<Call> =>
  c.call(h(rollbackPOST), `/api/migration/${ns}/rollback`, { body: { recordId, confirm }, params: { ns } });

/**
 * Two copies of the demo's bookinfo: `ns`, which the team user also administers (admin role plus
 * the Lease the apply lock needs, as a platform team would grant), and `other`, where team has no rights.
 */
export async function teamNamespaces(admin: KubeClusterSource, ns: string, other: string): Promise<void> {
  await createBookinfoCopy(admin, ns);
  await createBookinfoCopy(admin, other);
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}`;
  await admin.rest.request('POST', `${rbac}/rolebindings`, {
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'team-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'team' }],
    },
  });
  await admin.rest.request('POST', `${rbac}/roles`, {
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'mesh-migrator-apply-lock' },
      rules: [
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
      ],
    },
  });
  await admin.rest.request('POST', `${rbac}/rolebindings`, {
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'team-apply-lock' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'mesh-migrator-apply-lock' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'team' }],
    },
  });
  const conn = await getConnection();
  await until(
    () =>
      conn.source.snapshot().resources.deployments.some((d) => d.metadata.namespace === other) &&
      conn.source.snapshot().resources.deployments.some((d) => d.metadata.namespace === ns),
    'the dashboard cache to hold both namespaces',
  );
}

/** Waits until the dashboard's shared cache satisfies `fn`. */
export async function cacheHas(
  what: string,
  fn: (s: Awaited<ReturnType<typeof getConnection>>['source']) => boolean,
) {
  const conn = await getConnection();
  await until(() => fn(conn.source), what, 20_000);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as sessionGET } from '@/app/api/auth/session/route';
import { GET as clusterGET, POST as clusterPOST } from '@/app/api/cluster/route';
import { GET as summaryGET } from '@/app/api/summary/route';
import { kindByKey, RECORD_LABEL } from '@/lib/k8s/kinds';
import type { KubeObject } from '@/lib/k8s/objects';
import { type MigrationRecord, RECORD_KEY, signedRecordConfigMap } from '@/lib/migrate';
import { recordConfigMap } from '@/lib/migrate/records';
import { recordSigner } from '@/lib/server/confirm';
import { DashboardClient, type RouteHandler } from './dashboard';
import { deleteNamespaces, sourceFor, uniqueName } from './helpers';
import {
  apply,
  cacheHas,
  loggedIn,
  preview,
  rollback,
  rollbackPreview,
  teamNamespaces,
  useMode,
} from './security-setup';

const h = (f: unknown) => f as RouteHandler;
const NS = uniqueName('rec');
const OTHER = uniqueName('rec-other');
const admin = sourceFor('admin');
const team = sourceFor('team');

/** A record that says its step changed objects in another namespace: restoring it would hit them. */
function hostileRecord(name: string): MigrationRecord {
  const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: OTHER, name: 'productpage-v1' };
  const svc = { apiVersion: 'v1', kind: 'Service', namespace: OTHER, name: 'details' };
  return {
    id: `${NS}/${name}`,
    namespace: NS,
    step: 'restart-workloads',
    seq: 900,
    who: 'team',
    when: new Date().toISOString(),
    status: 'applied',
    confirm: 'restart-workloads:2:x',
    changes: [
      { action: 'apply', ref: `Service/${OTHER}/details`, target: svc, change: 'create', status: 'done' },
      {
        action: 'patch',
        ref: `Deployment/${OTHER}/productpage-v1`,
        target: deploy,
        change: 'update',
        status: 'done',
      },
    ],
    prior: [
      { ref: `Service/${OTHER}/details`, target: svc, existed: false },
      {
        ref: `Deployment/${OTHER}/productpage-v1`,
        target: deploy,
        existed: true,
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'productpage-v1', namespace: OTHER },
          spec: {
            template: { spec: { containers: [{ name: 'productpage', image: 'attacker/backdoor:1' }] } },
          },
        },
      },
    ],
  };
}

type Spec = { template: { spec: { containers: { image: string }[] } } };
const image = async () => {
  const d = await admin.get(kindByKey('deployments'), OTHER, 'productpage-v1');
  return (d?.spec as Spec | undefined)?.template.spec.containers[0]?.image;
};

describe('records and rollback on a real API server', () => {
  let imageBefore: string | undefined;
  beforeAll(async () => {
    useMode('token');
    await teamNamespaces(admin, NS, OTHER);
    imageBefore = await image();
  });
  afterAll(async () => {
    await deleteNamespaces(admin, [NS, OTHER]);
  });

  const untouched = async () => {
    expect(await admin.get(kindByKey('services'), OTHER, 'details')).toBeDefined();
    expect(await image()).toBe(imageBefore);
  };

  it('a record forged by someone who may only create ConfigMaps is untrusted: refused, nothing changed', async () => {
    // team writes it directly with its own rights, as the attack in the issue did.
    const name = 'mesh-migrator-record-restart-workloads-0900';
    await team.create(recordConfigMap(hostileRecord(name)));
    await cacheHas('the forged record', (s) =>
      s.snapshot().resources.configmaps.some((c) => c.metadata.name === name),
    );
    const c = await loggedIn('team');
    const p = await rollbackPreview(c, NS, `${NS}/${name}`);
    expect(p.status).toBe(403);
    expect(p.body.error).toMatch(/not signed by this server/);
    expect((await rollback(c, NS, `${NS}/${name}`, 'anything')).status).toBe(403);
    // Even the admin cannot roll it back from the dashboard.
    const a = await loggedIn('admin');
    expect((await rollbackPreview(a, NS, `${NS}/${name}`)).status).toBe(403);
    await untouched();
  });

  it('a signed record copied over with its signature but altered is untrusted too', async () => {
    const name = 'mesh-migrator-record-restart-workloads-0901';
    const good = signedRecordConfigMap(
      recordConfigMap({ ...hostileRecord(name), changes: [], prior: [] }),
      recordSigner,
    );
    const altered: KubeObject = { ...good, data: { [RECORD_KEY]: JSON.stringify(hostileRecord(name)) } };
    await team.create(altered);
    const c = await loggedIn('admin');
    await cacheHas('the altered record', (s) =>
      s.snapshot().resources.configmaps.some((x) => x.metadata.name === name),
    );
    const p = await rollbackPreview(c, NS, `${NS}/${name}`);
    expect(p.status).toBe(403);
    expect(p.body.error).toMatch(/altered/);
    await untouched();
  });

  it('a correctly signed record that reaches into another namespace is refused by the bounds', async () => {
    const name = 'mesh-migrator-record-restart-workloads-0902';
    await admin.create(signedRecordConfigMap(recordConfigMap(hostileRecord(name)), recordSigner));
    const c = await loggedIn('admin');
    const p = await rollbackPreview(c, NS, `${NS}/${name}`);
    expect(p.status).toBe(403);
    expect(p.body.error).toMatch(new RegExp(`Deployment/${OTHER}/productpage-v1 is outside namespace ${NS}`));
    expect((await rollback(c, NS, `${NS}/${name}`, 'x')).status).toBe(403);
    // And a record id of another namespace cannot be named through this namespace's route.
    expect((await rollback(c, NS, `${OTHER}/${name}`, 'x')).status).toBe(400);
    await untouched();
  });

  it('the migration view shows untrusted records and disables their rollback with the reason', async () => {
    const c = await loggedIn('team');
    const { GET } = await import('@/app/api/migration/[ns]/route');
    const view = await c.call(h(GET), `/api/migration/${NS}`, { params: { ns: NS } });
    const step = view.body.steps.find((s: { id: string }) => s.id === 'restart-workloads');
    expect(step.last.trust).not.toBe('trusted');
    expect(step.last.rollbackBlocked).toMatch(/not trusted|outside/);
  });

  describe('proxy mode: impersonation', () => {
    const proxied = (user: string, secret = 'proxy-shared-secret-1234') => ({
      'x-forwarded-user': user,
      'x-forwarded-groups': '',
      'x-mesh-migrator-proxy-secret': secret,
    });
    async function viaProxy(user: string): Promise<DashboardClient> {
      const c = new DashboardClient();
      const headers = proxied(user);
      const call = c.call.bind(c);
      c.call = (handler, path, opts = {}) =>
        call(handler, path, { ...opts, headers: { ...headers, ...(opts.headers ?? {}) } });
      await c.startSession(h(sessionGET));
      return c;
    }
    beforeAll(() => useMode('proxy', { MESH_MIGRATOR_PROXY_SECRET: 'proxy-shared-secret-1234' }));

    it('ignores user headers without the proxy’s secret', async () => {
      const c = new DashboardClient();
      const r = await c.call(h(summaryGET), '/api/summary', {
        headers: proxied('admin', 'wrong-secret-wrong-secret'),
      });
      expect(r.status).toBe(401);
    });

    it('acts as the proxied user: the API server applies their RBAC and the record names them', async () => {
      const c = await viaProxy('team');
      const status = await c.call(h(clusterGET), '/api/cluster');
      expect(status.body.identity.username).toBe('team');
      const names = (await c.call(h(summaryGET), '/api/summary')).body.namespaces.map(
        (n: { name: string }) => n.name,
      );
      expect(names).toContain(NS);
      expect(names).not.toContain(OTHER);
      // The other namespace is not team's: nothing of it is shown, so its plan is empty, and the API
      // server (asked as team, not as the dashboard's own account, which could) refuses the write.
      const po = await preview(c, OTHER, 'restart-workloads');
      expect(po.body.changes).toEqual([]);
      expect((await apply(c, OTHER, 'restart-workloads', po.body.confirm, true)).status).toBe(403);
      const p = await preview(c, NS, 'restart-workloads');
      expect(p.body.ok).toBe(true);
      const a = await apply(c, NS, 'restart-workloads', p.body.confirm);
      expect([a.status, a.body.status]).toEqual([200, 'applied']);
      const cm = await admin.get(
        kindByKey('configmaps'),
        NS,
        (a.body.recordId as string).split('/')[1] as string,
      );
      expect(cm?.metadata.labels?.[RECORD_LABEL]).toBe('true');
      expect(JSON.parse(cm?.data?.[RECORD_KEY] ?? '{}').who).toBe('team');
    });
  });

  describe('MESH_MIGRATOR_READ_ONLY: a policy no request lifts', () => {
    beforeAll(() => useMode('local', { MESH_MIGRATOR_READ_ONLY: 'true' }));

    it('refuses to turn writes on and every write answers 403', async () => {
      const c = new DashboardClient();
      await c.startSession(h(sessionGET));
      const lift = await c.call(h(clusterPOST), '/api/cluster', {
        body: { action: 'readOnly', value: false },
      });
      expect(lift.status).toBe(403);
      expect(lift.body.error).toMatch(/MESH_MIGRATOR_READ_ONLY/);
      const p = await preview(c, NS, 'restart-workloads');
      expect(p.status).toBe(200);
      const a = await apply(c, NS, 'restart-workloads', p.body.confirm);
      expect(a.status).toBe(403);
      const st = await c.call(h(clusterGET), '/api/cluster');
      expect(st.body.auth).toMatchObject({
        policyReadOnly: true,
        readOnlyReason: expect.stringMatching(/MESH_MIGRATOR_READ_ONLY/),
      });
    });
  });
});

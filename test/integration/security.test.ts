import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as loginPOST } from '@/app/api/auth/login/route';
import { POST as logoutPOST } from '@/app/api/auth/logout/route';
import { GET as sessionGET } from '@/app/api/auth/session/route';
import { POST as clusterPOST } from '@/app/api/cluster/route';
import { POST as previewPOST } from '@/app/api/migration/[ns]/preview/route';
import { GET as migrationGET } from '@/app/api/migration/[ns]/route';
import { GET as summaryGET } from '@/app/api/summary/route';
import { getConnection } from '@/lib/cluster/registry';
import { kindByKey } from '@/lib/k8s/kinds';
import type { KubeObject } from '@/lib/k8s/objects';
import { listRecords, planNamespace, stepOf } from '@/lib/migrate';
import { DashboardClient, type RouteHandler } from './dashboard';
import { deleteNamespaces, refOf, sourceFor, uniqueName } from './helpers';
import {
  apply,
  cacheHas,
  loggedIn,
  preview,
  rollback,
  rollbackPreview,
  teamNamespaces,
  tokenOf,
  useMode,
} from './security-setup';

const h = (f: unknown) => f as RouteHandler;
const NS = uniqueName('sec');
const OTHER = uniqueName('sec-other');
const admin = sourceFor('admin');
const names = (body: { namespaces: { name: string }[] }) => body.namespaces.map((n) => n.name);
const recordsOf = async (ns: string) => listRecords((await getConnection()).source.snapshot().resources, ns);

describe('token mode on a real API server: every write acts as the logged-in user', () => {
  beforeAll(async () => {
    useMode('token');
    await teamNamespaces(admin, NS, OTHER);
  });
  afterAll(async () => {
    await deleteNamespaces(admin, [NS, OTHER]);
  });

  describe('requests that cannot be forged', () => {
    it('answers 401 without a session, for reads and writes', async () => {
      const c = new DashboardClient();
      expect((await c.call(h(summaryGET), '/api/summary')).status).toBe(401);
      expect((await c.call(h(sessionGET), '/api/auth/session')).status).toBe(401);
      expect((await preview(c, NS, 'enable-ambient')).status).toBe(401);
    });

    it('refuses a token the API server does not know (401), and keeps no session', async () => {
      const c = new DashboardClient();
      const r = await c.call(h(loginPOST), '/api/auth/login', { body: { token: 'not-a-token' } });
      expect(r.status).toBe(401);
      expect(c.cookies.size).toBe(0);
    });

    it('refuses writes from another origin, in another type, too big, to another host, or without CSRF', async () => {
      const c = await loggedIn('team');
      const body = { step: 'enable-ambient' };
      const path = `/api/migration/${NS}/preview`;
      const call = (over: Parameters<DashboardClient['call']>[2]) =>
        c.call(h(previewPOST), path, { body, params: { ns: NS }, ...over });
      expect((await call({ headers: { origin: 'http://evil.example' } })).status).toBe(403);
      expect((await call({ headers: { origin: undefined, 'sec-fetch-site': 'cross-site' } })).status).toBe(
        403,
      );
      expect((await call({ headers: { origin: undefined } })).status).toBe(403);
      expect((await call({ headers: { 'content-type': 'text/plain' } })).status).toBe(415);
      expect((await call({ headers: { host: 'rebind.attacker.example' } })).status).toBe(403);
      expect(
        (await c.call(h(summaryGET), '/api/summary', { headers: { host: 'rebind.attacker.example' } }))
          .status,
      ).toBe(403);
      expect((await call({ headers: { 'x-csrf-token': 'guessed' } })).status).toBe(403);
      expect((await call({ headers: { 'content-length': String(200 * 1024 * 1024) } })).status).toBe(413);
      // No declared length: the stream is read only up to the cap.
      const big = new ReadableStream<Uint8Array>({
        pull(ctrl) {
          ctrl.enqueue(new Uint8Array(256 * 1024).fill(32));
        },
      });
      const r = await c.call(h(previewPOST), path, { rawBody: big, params: { ns: NS } });
      expect(r.status).toBe(413);
    });

    it('logs out: the session is gone', async () => {
      const c = await loggedIn('team');
      expect((await c.call(h(summaryGET), '/api/summary')).status).toBe(200);
      expect((await c.call(h(logoutPOST), '/api/auth/logout', { body: {} })).status).toBe(200);
      expect((await c.call(h(summaryGET), '/api/summary')).status).toBe(401);
    });
  });

  it('shows the team user only the namespaces their RBAC lets them list', async () => {
    const team = await c200(await loggedIn('team'));
    expect(team).toContain(NS);
    expect(team).not.toContain(OTHER);
    expect(team).not.toContain('kube-system');
    const viewer = await c200(await loggedIn('viewer'));
    expect(viewer).toEqual(expect.arrayContaining([NS, OTHER]));
    async function c200(c: DashboardClient) {
      const r = await c.call(h(summaryGET), '/api/summary');
      expect(r.status).toBe(200);
      return names(r.body);
    }
  });

  it('a viewer may preview (dry run as themselves) but not apply: 403, buttons say why', async () => {
    const c = await loggedIn('viewer');
    const p = await preview(c, NS, 'enable-ambient');
    expect(p.status).toBe(200);
    expect(p.body.ok).toBe(false);
    expect(p.body.changes[0].error).toMatch(/forbidden/i);
    const a = await apply(c, NS, 'enable-ambient', p.body.confirm, true);
    expect(a.status).toBe(403);
    expect(a.body.error).toMatch(/you may not apply enable-ambient/);
    const view = await c.call(h(migrationGET), `/api/migration/${NS}`, { params: { ns: NS } });
    expect(view.status).toBe(200);
    const step = view.body.steps.find((s: { id: string }) => s.id === 'enable-ambient');
    expect(step.permissions.allowed).toBe(false);
    expect(
      (await admin.get(kindByKey('namespaces'), undefined, NS))?.metadata.labels?.['istio.io/dataplane-mode'],
    ).toBeUndefined();
  });

  it('team applies as team: the record names them; the confirmation works once; rollback is previewed and confirmed', async () => {
    const gateways = kindByKey('gateways');
    const c = await loggedIn('team');
    const p = await preview(c, NS, 'deploy-waypoint');
    expect([p.status, p.body.ok, p.body.forceOnly]).toEqual([200, true, false]);
    // Someone else cannot use team's confirmation.
    const viewer = await loggedIn('viewer');
    expect((await apply(viewer, NS, 'deploy-waypoint', p.body.confirm)).status).toBe(403);
    const a = await apply(c, NS, 'deploy-waypoint', p.body.confirm);
    expect([a.status, a.body.status]).toEqual([200, 'applied']);
    expect(await admin.get(gateways, NS, 'waypoint')).toBeDefined();
    await cacheHas('the record', (s) =>
      listRecords(s.snapshot().resources, NS).some((r) => r.id === a.body.recordId),
    );
    const record = (await recordsOf(NS)).find((r) => r.id === a.body.recordId);
    expect(record?.who).toBe('team');
    // Replayed: refused, nothing more written.
    const again = await apply(c, NS, 'deploy-waypoint', p.body.confirm);
    expect(again.status).toBe(409);
    expect((await recordsOf(NS)).filter((r) => r.step === 'deploy-waypoint')).toHaveLength(1);

    const rp = await rollbackPreview(c, NS, a.body.recordId);
    expect(rp.status).toBe(200);
    expect(rp.body.actions).toEqual([{ ref: `Gateway/${NS}/waypoint`, action: 'delete' }]);
    expect((await rollback(c, NS, a.body.recordId, 'made-up')).status).toBe(403);
    // The viewer may read the record but not undo it.
    const vp = await rollbackPreview(viewer, NS, a.body.recordId);
    expect((await rollback(viewer, NS, a.body.recordId, vp.body.confirm)).status).toBe(403);
    const rb = await rollback(c, NS, a.body.recordId, rp.body.confirm);
    expect([rb.status, rb.body.status]).toEqual([200, 'rolled-back']);
    expect(await admin.get(gateways, NS, 'waypoint')).toBeUndefined();
    expect((await rollback(c, NS, a.body.recordId, rp.body.confirm)).status).toBe(409);
    await cacheHas('the rolled-back record', (s) =>
      listRecords(s.snapshot().resources, NS).some(
        (r) => r.id === a.body.recordId && r.status === 'rolled-back',
      ),
    );
  });

  it('a verify whose checks fail answers 422, and its confirmation is then used up', async () => {
    const c = await loggedIn('team');
    const p = await preview(c, NS, 'verify');
    const first = await apply(c, NS, 'verify', p.body.confirm);
    expect([first.status, first.body.status]).toEqual([422, 'failed']);
    const replay = await apply(c, NS, 'verify', p.body.confirm);
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatch(/already used/);
  });

  it('serialises applies of a namespace: of three at once with one confirmation, one runs', async () => {
    const c = await loggedIn('team');
    const p = await preview(c, NS, 'restart-workloads');
    expect(p.body.ok).toBe(true);
    const before = (await recordsOf(NS)).length;
    const results = await Promise.all([1, 2, 3].map(() => apply(c, NS, 'restart-workloads', p.body.confirm)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    await cacheHas('one more record', (s) => listRecords(s.snapshot().resources, NS).length === before + 1);
    // Two previews, two confirmations, applied at once: the Lease lets one through.
    const p1 = await preview(c, NS, 'restart-workloads');
    const p2 = await preview(c, NS, 'restart-workloads');
    const both = await Promise.all([
      apply(c, NS, 'restart-workloads', p1.body.confirm),
      apply(c, NS, 'restart-workloads', p2.body.confirm),
    ]);
    expect(both.map((r) => r.status)).toContain(409);
    expect(both.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('after a preview with conflicts, only the force path applies, and nothing is written without it', async () => {
    const conn = await getConnection();
    const plan = planNamespace(conn.source.snapshot().resources, NS, { gatewayClassName: 'istio' });
    const contested = stepOf(plan, 'create-routes').objects.find((o) => o.kind === 'HTTPRoute') as KubeObject;
    const labels = { 'app.kubernetes.io/managed-by': 'platform-team' };
    await admin.rest.request(
      'PATCH',
      `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/${contested.metadata.name}`,
      {
        query: { fieldManager: 'platform-team' },
        body: { ...contested, metadata: { ...contested.metadata, labels } },
        contentType: 'application/apply-patch+yaml',
      },
    );
    await cacheHas('the contested route', (s) =>
      s.snapshot().resources.httproutes.some((r) => r.metadata.namespace === NS),
    );
    const c = await loggedIn('admin');
    const p = await preview(c, NS, 'create-routes');
    expect([p.body.ok, p.body.forceOnly]).toEqual([false, true]);
    const plain = await apply(c, NS, 'create-routes', p.body.confirm);
    expect(plain.status).toBe(409);
    expect(plain.body.error).toMatch(/only by the explicit force path/);
    const others = stepOf(plan, 'create-routes').objects.filter(
      (o) => refOf(o) !== refOf(contested) && o.metadata.namespace === NS,
    );
    for (const o of others.slice(0, 3)) {
      const d =
        o.kind === 'Service'
          ? kindByKey('services')
          : o.kind === 'HTTPRoute'
            ? kindByKey('httproutes')
            : undefined;
      if (d) expect(await admin.get(d, NS, o.metadata.name), refOf(o)).toBeUndefined();
    }
    expect((await apply(c, NS, 'create-routes', p.body.confirm, true)).status).not.toBe(409);
  });

  it('the session’s read-only switch refuses writes for that session only (403)', async () => {
    const a = await loggedIn('team');
    const b = await loggedIn('team');
    const on = await a.call(h(clusterPOST), '/api/cluster', { body: { action: 'readOnly', value: true } });
    expect(on.status).toBe(200);
    expect(on.body.auth.sessionReadOnly).toBe(true);
    const pa = await preview(a, NS, 'restart-workloads');
    expect(pa.status).toBe(200);
    const refused = await apply(a, NS, 'restart-workloads', pa.body.confirm);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/read-only is on for this session/);
    const pb = await preview(b, NS, 'restart-workloads');
    expect(pb.body.ok).toBe(true);
    // Local mode alone switches contexts.
    const sw = await a.call(h(clusterPOST), '/api/cluster', {
      body: { action: 'switch', source: 'kube', context: 'admin' },
    });
    expect(sw.status).toBe(403);
  });

  it('the token is kept only inside the encrypted session cookie', async () => {
    const c = await loggedIn('team');
    const cookie = [...c.cookies.values()].join(';');
    expect(cookie).not.toContain(tokenOf('team'));
  });
});

import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, freePort, type Running, startProcess } from '../harness/processes';
import { type ApiServer, startApiServer } from './apiserver';
import { kubeconfigFor } from './helpers';

const root = path.resolve(import.meta.dirname, '..', '..');
const standalone = path.join(root, '.next', 'standalone', 'server.js');

/** One dashboard replica: the standalone server, as the chart's Deployment runs it. */
interface Replica {
  url: string;
  running: Running;
}

let api: ApiServer;
const replicas: Replica[] = [];

async function startReplica(kubeconfig: string, secret: string): Promise<Replica> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { running } = await startProcess(
    `replica-${port}`,
    process.execPath,
    [path.join(root, 'scripts', 'serve.mjs')],
    {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        MESH_MIGRATOR_AUTH: 'token',
        // Shared by the replicas, as the chart shares its Secret.
        MESH_MIGRATOR_SECRET: secret,
        KUBECONFIG: kubeconfig,
        // The server's own account only reads; users write with their own token.
        MESH_MIGRATOR_CONTEXT: 'viewer',
        NEXT_TELEMETRY_DISABLED: '1',
      },
      ready: () => answers(`${url}/api/health`),
    },
  );
  return { url, running };
}

/** A request as the dashboard's own page sends it: same Origin, JSON, the session's CSRF token. */
async function call(
  r: Replica,
  method: string,
  route: string,
  session: { cookie: string; csrf?: string },
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${r.url}${route}`, {
    method,
    headers: {
      origin: r.url,
      cookie: session.cookie,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

beforeAll(async () => {
  if (!existsSync(standalone))
    throw new Error(
      `${standalone} is missing: the test command builds it (next build) before the integration tests`,
    );
  const scenario = mkdtempSync(path.join(os.tmpdir(), 'mm-replicas-scenario-'));
  const { spawnSync } = await import('node:child_process');
  const rendered = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [
    path.join(root, 'scripts', 'render-scenario.ts'),
    scenario,
  ]);
  if (rendered.status !== 0) throw new Error(`render-scenario failed: ${rendered.stderr}`);
  api = await startApiServer({ load: [scenario] });
  const secret = randomBytes(32).toString('hex');
  replicas.push(await startReplica(api.kubeconfig, secret), await startReplica(api.kubeconfig, secret));
}, 240_000);

afterAll(async () => {
  for (const r of replicas) await r.running.stop();
  await api?.stop();
});

describe('two replicas share one state', () => {
  it('a session from one replica works on the other; a preview on A applies on B once; concurrent applies get one 409', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const token = kubeconfigFor('team', api.kubeconfig).getCurrentUser()?.token ?? '';
    expect(token).not.toBe('');

    const login = await fetch(`${a.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: a.url, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const onA = await call(a, 'GET', '/api/auth/session', { cookie });
    const onB = await call(b, 'GET', '/api/auth/session', { cookie });
    expect(onA.status).toBe(200);
    expect(onB.status).toBe(200);
    expect(onB.json.username).toBe(onA.json.username);
    expect(onB.json.csrf).toBe(onA.json.csrf);
    const session = { cookie, csrf: String(onA.json.csrf) };

    const preview = await call(a, 'POST', '/api/migration/bookinfo/preview', session, {
      step: 'deploy-waypoint',
    });
    expect(preview.status).toBe(200);
    const confirm = String(preview.json.confirm);
    const applied = await call(b, 'POST', '/api/migration/bookinfo/apply', session, {
      step: 'deploy-waypoint',
      confirm,
    });
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    expect(applied.json.status).toBe('applied');
    // The same confirmation, replayed on the other replica.
    const replay = await call(a, 'POST', '/api/migration/bookinfo/apply', session, {
      step: 'deploy-waypoint',
      confirm,
    });
    expect(replay.status).toBe(409);

    const pa = await call(a, 'POST', '/api/migration/bookinfo/preview', session, {
      step: 'migrate-policies',
    });
    const pb = await call(b, 'POST', '/api/migration/bookinfo/preview', session, {
      step: 'migrate-policies',
    });
    expect([pa.status, pb.status]).toEqual([200, 200]);
    const both = await Promise.all([
      call(a, 'POST', '/api/migration/bookinfo/apply', session, {
        step: 'migrate-policies',
        confirm: pa.json.confirm,
      }),
      call(b, 'POST', '/api/migration/bookinfo/apply', session, {
        step: 'migrate-policies',
        confirm: pb.json.confirm,
      }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  }, 180_000);
});

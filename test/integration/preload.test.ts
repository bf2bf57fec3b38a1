/**
 * The server's preload (dist/preload.mjs, loaded with `node --import` before server.js): it opens
 * the environment's cluster connection before the server has booted, and the server then reads
 * through that one connection instead of opening another.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, openTarget, type Target } from '@/lib/testing/bulk-load';
import { answers, freePort, startProcess } from '../harness/processes';
import { type ApiServer, startApiServer } from './apiserver';

const root = path.resolve(import.meta.dirname, '..', '..');
const standalone = path.join(root, '.next', 'standalone', 'server.js');
const node24 = path.join(root, 'node_modules', 'node', 'bin', 'node');
const node = existsSync(node24) ? node24 : process.execPath;

// What the preload left in the process-wide registry, printed by a script that runs after it.
const INSPECT = `
const reg = globalThis.__meshMigratorRegistry;
const conns = [...(reg?.connections.values() ?? [])];
const at = conns.map((c) => c.id);
await Promise.all(conns.map((c) => c.ready));
console.log(JSON.stringify({
  at,
  errors: conns.map((c) => c.error ?? null),
  pods: conns.map((c) => c.source.snapshot().resources.pods.map((p) => p.metadata.name).sort()),
}));
for (const c of conns) await c.source.stop();
`;

function preloadRun(env: Record<string, string>): {
  at: string[];
  errors: (string | null)[];
  pods: string[][];
} {
  const { build, isStale, preloadOutput } = createRequire(import.meta.url)(
    path.join(root, 'scripts', 'build-cli.cjs'),
  );
  if (isStale()) build();
  const r = spawnSync(node, ['--import', preloadOutput, '--input-type=module', '-e', INSPECT], {
    env: {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      NODE_ENV: 'production',
      // As scripts/serve.mjs starts the server: local mode on loopback.
      MESH_MIGRATOR_BIND: '127.0.0.1',
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`preload run failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
}

/** Pod LIST requests the API server has answered, from its own metrics. */
async function podLists(t: Target): Promise<number> {
  const res = await request(`${t.origin}/metrics`, {
    dispatcher: t.agent,
    headers: { authorization: `Bearer ${t.token}` },
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`/metrics: ${res.statusCode} ${text.slice(0, 200)}`);
  let n = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    if (line.includes('verb="LIST"') && line.includes('resource="pods"') && line.includes('group=""'))
      n += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return n;
}

let api: ApiServer;
let admin: Target;
const POD_NAMES = ['a', 'b', 'c'];

beforeAll(async () => {
  api = await startApiServer({
    skipCrds: ['cert-manager', 'metallb', 'envoy-gateway', 'nginx-gateway-fabric'],
  });
  admin = openTarget(api.kubeconfig, 4);
  await apiRequest(admin, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'preload' },
  });
  for (const name of POD_NAMES)
    await apiRequest(admin, 'POST', '/api/v1/namespaces/preload/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'preload' },
      spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
    });
}, 240_000);

afterAll(async () => {
  await admin?.agent.close();
  await api?.stop();
});

describe('server preload', () => {
  it('opens the kubeconfig cluster connection before the main module runs, and lists it', () => {
    const out = preloadRun({ KUBECONFIG: api.kubeconfig });
    // Opened while the preload ran, before any line of the main module.
    expect(out.at).toHaveLength(1);
    expect(out.at[0]).toMatch(/^kube:admin#1$/);
    expect(out.errors).toEqual([null]);
    expect(out.pods).toEqual([POD_NAMES]);
  });

  it('opens nothing for the demo cluster or a setting the server refuses to start with', () => {
    expect(preloadRun({ KUBECONFIG: api.kubeconfig, MESH_MIGRATOR_CLUSTER: 'demo' }).at).toEqual([]);
    expect(preloadRun({}).at).toEqual([]);
    expect(preloadRun({ KUBECONFIG: api.kubeconfig, MESH_MIGRATOR_AUTH: 'bogus' }).at).toEqual([]);
  });

  it('is the connection the server reads through: each kind is listed once', async () => {
    if (!existsSync(standalone))
      throw new Error(`${standalone} is missing: the test command builds it before the integration tests`);
    const before = await podLists(admin);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { running } = await startProcess(
      'preload-server',
      process.execPath,
      [path.join(root, 'scripts', 'serve.mjs')],
      {
        env: {
          PATH: process.env.PATH,
          HOME: '/nonexistent',
          HOST: '127.0.0.1',
          PORT: String(port),
          KUBECONFIG: api.kubeconfig,
          NEXT_TELEMETRY_DISABLED: '1',
        },
        ready: () => answers(`${url}/api/health`),
      },
    );
    try {
      const summary = (await (await fetch(`${url}/api/summary`)).json()) as { pods: { total: number } };
      expect(summary.pods.total).toBe(POD_NAMES.length);
      const status = (await (await fetch(`${url}/api/cluster`)).json()) as { id?: string };
      expect(status.id).toBe('kube:admin#1');
      expect((await podLists(admin)) - before).toBe(1);
    } finally {
      await running.stop();
    }
  }, 120_000);
});

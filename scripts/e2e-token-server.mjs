#!/usr/bin/env node
// Playwright's second web server: the test API server with the demo scenario, and the dashboard in
// token mode in front of it (production build), on 127.0.0.1:PORT. Writes the users' tokens to
// test-results/e2e-token/tokens.json for the tests. Stops both when it is stopped.
// Usage: node scripts/e2e-token-server.mjs PORT
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { clusterBinary, ensureClusterBinary } from './build-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.argv[2] ?? '3101';
const crdsDir = process.env.MM_CRDS_DIR ?? path.resolve(root, '..', 'shared', 'crds');
const work = mkdtempSync(path.join(os.tmpdir(), 'mm-e2e-token-'));
const children = [];

function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopAll();
    process.exit(0);
  });
process.on('exit', stopAll);

ensureClusterBinary();
const scenario = path.join(work, 'scenario');
mkdirSync(scenario);
const rendered = spawnSync(
  path.join(root, 'node_modules', '.bin', 'tsx'),
  ['scripts/render-scenario.ts', scenario],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (rendered.status !== 0) process.exit(rendered.status ?? 1);

const api = spawn(
  clusterBinary,
  [
    '--crds',
    crdsDir,
    '--data-dir',
    path.join(work, 'data'),
    '--port',
    '0',
    '--exit-with-parent',
    '--load',
    scenario,
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
children.push(api);
const kubeconfig = await new Promise((resolve, reject) => {
  api.once('exit', (code) => reject(new Error(`test API server exited (${code})`)));
  createInterface({ input: api.stdout }).on('line', (line) => {
    const m = /^READY server=\S+ kubeconfig=(\S+)$/.exec(line);
    if (m) resolve(m[1]);
  });
});

// The users' tokens, as the tests paste them into the login page.
const tokens = Object.fromEntries(
  (parse(readFileSync(kubeconfig, 'utf8')).users ?? []).map((u) => [u.name, u.user?.token]),
);
const out = path.join(root, 'test-results', 'e2e-token');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'tokens.json'), JSON.stringify(tokens));

// The standalone server, as the image runs it.
const next = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: port,
    KUBECONFIG: kubeconfig,
    MESH_MIGRATOR_AUTH: 'token',
    MESH_MIGRATOR_SECRET: 'e2e-token-mode-secret-0123456789abcdef',
    NEXT_TELEMETRY_DISABLED: '1',
  },
});
children.push(next);
next.on('exit', (code) => {
  stopAll();
  process.exit(code ?? 0);
});

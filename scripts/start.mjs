#!/usr/bin/env node
// Builds the dashboard when the build is missing or older than the sources, then serves it on loopback.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildId = path.join(root, '.next', 'BUILD_ID');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['app', 'components', 'lib', 'public', 'scenarios']
  .map((d) => path.join(root, d))
  .filter(existsSync);
const srcTime = Math.max(
  ...sources.map(newest),
  ...['package.json', 'next.config.ts'].map((f) => statSync(path.join(root, f)).mtimeMs),
);
if (!existsSync(buildId) || statSync(buildId).mtimeMs < srcTime) {
  console.log('Building the dashboard (next build)…');
  const b = spawnSync('next', ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
// The preload the server starts with (dist/preload), compiled from the same sources.
const compiled = createRequire(import.meta.url)('./build-cli.cjs');
if (compiled.isStale()) compiled.build();
const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';
console.log(`Mesh Migrator on http://${host}:${port}`);
const s = spawnSync(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, HOST: host, PORT: port },
});
process.exit(s.status ?? 0);

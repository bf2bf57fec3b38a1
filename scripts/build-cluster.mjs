#!/usr/bin/env node
// Builds the test API server (test/cluster) when the binary is missing or older than its sources.
// Usage: node scripts/build-cluster.mjs [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const clusterDir = path.join(root, 'test', 'cluster');
export const clusterBinary = path.join(clusterDir, 'bin', 'mesh-test-apiserver');

/** Newest modification time (ms) of the Go sources, go.mod and go.sum under dir, skipping bin/. */
export function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'bin' && !entry.name.startsWith('.')) newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.go') || entry.name === 'go.mod' || entry.name === 'go.sum') {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

export function goCommand() {
  const probe = spawnSync('go', ['version'], { stdio: 'ignore' });
  if (probe.status === 0) return 'go';
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('Go toolchain not found: install Go (see docs/test-cluster.md)');
}

/**
 * Builds the binary if needed and returns its path. Throws when the build fails.
 * @param {{ force?: boolean, log?: (line: string) => void }} [opts]
 */
export function ensureClusterBinary(opts = {}) {
  const log = opts.log ?? ((line) => console.log(line));
  const rel = path.relative(root, clusterBinary);
  if (!opts.force && existsSync(clusterBinary)) {
    const built = statSync(clusterBinary).mtimeMs;
    if (built >= newestSource(clusterDir)) {
      log(`cluster: ${rel} is up to date`);
      return clusterBinary;
    }
    log(`cluster: sources changed since ${rel} was built; rebuilding`);
  } else {
    log(`cluster: building ${rel} (a first build of k8s.io/kubernetes takes several minutes)`);
  }
  const started = Date.now();
  const go = goCommand();
  const result = spawnSync(go, ['build', '-buildvcs=false', '-o', clusterBinary, '.'], {
    cwd: clusterDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(`cluster: go build failed (exit ${result.status ?? result.signal})`);
  }
  log(`cluster: built ${rel} in ${Math.round((Date.now() - started) / 1000)}s`);
  return clusterBinary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureClusterBinary({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}

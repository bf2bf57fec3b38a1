#!/usr/bin/env node
// Builds the Go test harnesses (test API server, OIDC provider, oauth2-proxy, Helm) when a binary
// is missing or older than its module's sources. Each uses the default Go build cache, so a
// rebuild after a small change takes seconds.
// Usage: node scripts/go-build.mjs [--force] [NAME...]   (NAME: cluster, oidc, oauth2-proxy, helm)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The harnesses: module directory, binary, and the package to build (`.` = the module's main). */
export const harnesses = {
  cluster: {
    dir: 'test/cluster',
    binary: 'mesh-test-apiserver',
    pkg: '.',
    note: 'k8s.io/kubernetes takes several minutes',
  },
  oidc: { dir: 'test/oidc', binary: 'mesh-test-oidc', pkg: '.' },
  'oauth2-proxy': {
    dir: 'test/oauth2-proxy',
    binary: 'oauth2-proxy',
    pkg: 'github.com/oauth2-proxy/oauth2-proxy/v7',
  },
  helm: { dir: 'test/helm', binary: 'helm', pkg: 'helm.sh/helm/v3/cmd/helm' },
};

/** Absolute path of a harness binary (built or not). */
export function binaryPath(name) {
  const h = harnesses[name];
  if (!h) throw new Error(`unknown Go harness ${name} (have ${Object.keys(harnesses).join(', ')})`);
  return path.join(root, h.dir, 'bin', h.binary);
}

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
 * Builds the harness if needed and returns its binary's path. Throws when the build fails.
 * @param {string} name
 * @param {{ force?: boolean, log?: (line: string) => void }} [opts]
 */
export function ensureGoBinary(name, opts = {}) {
  const log = opts.log ?? ((line) => console.log(line));
  const h = harnesses[name];
  const binary = binaryPath(name);
  const dir = path.join(root, h.dir);
  const rel = path.relative(root, binary);
  if (!opts.force && existsSync(binary)) {
    if (statSync(binary).mtimeMs >= newestSource(dir)) {
      log(`${name}: ${rel} is up to date`);
      return binary;
    }
    log(`${name}: sources changed since ${rel} was built; rebuilding`);
  } else {
    log(`${name}: building ${rel}${h.note ? ` (a first build of ${h.note})` : ''}`);
  }
  const started = Date.now();
  const result = spawnSync(goCommand(), ['build', '-buildvcs=false', '-o', binary, h.pkg], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0)
    throw new Error(`${name}: go build failed (exit ${result.status ?? result.signal})`);
  log(`${name}: built ${rel} in ${Math.round((Date.now() - started) / 1000)}s`);
  return binary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  try {
    for (const name of names.length ? names : Object.keys(harnesses)) {
      ensureGoBinary(name, { force: args.includes('--force') });
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}

#!/usr/bin/env node
// Builds the Istio judge (test/istio: istiod's translation in-process) when the binary is missing or
// older than its sources. The first build compiles istio.io/istio and takes many minutes; later ones
// use the Go build cache.
// Usage: node scripts/build-istio.mjs [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goCommand, newestSource } from './build-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const istioDir = path.join(root, 'test', 'istio');
export const istioBinary = path.join(istioDir, 'bin', 'istio-judge');

/**
 * Builds the binary if needed and returns its path. Throws when the build fails.
 * @param {{ force?: boolean, log?: (line: string) => void }} [opts]
 */
export function ensureIstioBinary(opts = {}) {
  const log = opts.log ?? ((line) => console.log(line));
  const rel = path.relative(root, istioBinary);
  if (!opts.force && existsSync(istioBinary) && statSync(istioBinary).mtimeMs >= newestSource(istioDir)) {
    log(`istio: ${rel} is up to date`);
    return istioBinary;
  }
  log(`istio: building ${rel} (a first build of istio.io/istio takes many minutes)`);
  const started = Date.now();
  const result = spawnSync(goCommand(), ['build', '-buildvcs=false', '-o', istioBinary, '.'], {
    cwd: istioDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  if (result.status !== 0) throw new Error(`istio: go build failed (exit ${result.status ?? result.signal})`);
  log(`istio: built ${rel} in ${Math.round((Date.now() - started) / 1000)}s`);
  return istioBinary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureIstioBinary({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}

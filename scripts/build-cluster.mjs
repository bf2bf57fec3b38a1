#!/usr/bin/env node
// Builds the test API server (test/cluster) when the binary is missing or older than its sources.
// Usage: node scripts/build-cluster.mjs [--force]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryPath, ensureGoBinary } from './go-build.mjs';

export { goCommand, newestSource } from './go-build.mjs';

export const clusterBinary = binaryPath('cluster');

/**
 * Builds the binary if needed and returns its path. Throws when the build fails.
 * @param {{ force?: boolean, log?: (line: string) => void }} [opts]
 */
export function ensureClusterBinary(opts = {}) {
  return ensureGoBinary('cluster', opts);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureClusterBinary({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}

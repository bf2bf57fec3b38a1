#!/usr/bin/env node
// Serves the standalone build (`.next/standalone/server.js`) with plain Node, as the image does.
// Copies the static assets beside it first, which `next build` leaves to the deployer, and the
// preload (dist/preload, built by `npm run build`) that opens the cluster connection while the
// server boots.
// Usage: node scripts/serve.mjs   (HOST and PORT choose the address; default 127.0.0.1:3000)
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const standalone = path.join(root, '.next', 'standalone');
const server = path.join(standalone, 'server.js');
const preloadDir = path.join(standalone, 'preload');
const preload = path.join(preloadDir, 'preload.mjs');

/** Puts `.next/static` and `public` where the standalone server looks for them. */
export function completeStandalone() {
  if (!existsSync(server))
    throw new Error(`${path.relative(root, server)} is missing: run \`next build\` first`);
  cpSync(path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static'), { recursive: true });
  if (existsSync(path.join(root, 'public'))) {
    cpSync(path.join(root, 'public'), path.join(standalone, 'public'), { recursive: true });
  }
  const compiled = createRequire(import.meta.url)('./build-cli.cjs');
  if (!existsSync(compiled.preloadOutput)) compiled.build();
  if (sameFiles(compiled.preloadDir, preloadDir)) return;
  // Through a new directory and a rename: another server of this build may be loading it now.
  const tmp = `${preloadDir}.${process.pid}`;
  cpSync(compiled.preloadDir, tmp, { recursive: true, preserveTimestamps: true });
  rmSync(preloadDir, { recursive: true, force: true });
  renameSync(tmp, preloadDir);
}

/** Whether `b` holds a copy of `a`'s files: the same names, sizes and modification times. */
function sameFiles(a, b) {
  if (!existsSync(b)) return false;
  const names = readdirSync(a).sort();
  const other = readdirSync(b).sort();
  const same = (x, y) => x.size === y.size && Math.trunc(x.mtimeMs) === Math.trunc(y.mtimeMs);
  return (
    names.length === other.length &&
    names.every((n, i) => n === other[i] && same(statSync(path.join(a, n)), statSync(path.join(b, n))))
  );
}

/** Paths given relative to where the command ran; server.js changes into its own directory. */
function absolutePaths(env) {
  const out = {};
  for (const [key, sep] of [
    ['KUBECONFIG', path.delimiter],
    ['MESH_MIGRATOR_SCENARIO', undefined],
    ['MESH_MIGRATOR_FROM_FILES', ','],
  ]) {
    const v = env[key];
    if (!v) continue;
    out[key] = sep
      ? v
          .split(sep)
          .map((p) => (p ? path.resolve(p) : p))
          .join(sep)
      : path.resolve(v);
  }
  return out;
}

/**
 * The server's own process as this script starts it (and as the image's CMD does): Node 24 with the
 * preload, the standalone server.js, and the environment it runs with. Run completeStandalone first.
 */
export function serverCommand(base = process.env) {
  const env = {
    ...base,
    ...absolutePaths(base),
    NEXT_TELEMETRY_DISABLED: '1',
    // server.js listens on HOSTNAME; a shell's own HOSTNAME (the machine name) must not leak in.
    HOSTNAME: base.HOST ?? '127.0.0.1',
    MESH_MIGRATOR_BIND: base.HOST ?? '127.0.0.1',
    PORT: base.PORT ?? '3000',
    // One malloc arena per core by default keeps freed list buffers resident; two is enough here.
    MALLOC_ARENA_MAX: base.MALLOC_ARENA_MAX ?? '2',
    // A fixed threshold: glibc otherwise raises it to the largest block freed so far, and list
    // pages read at the start then stay in its heap after they are freed.
    MALLOC_MMAP_THRESHOLD_: base.MALLOC_MMAP_THRESHOLD_ ?? '131072',
    // Node keeps the compiled code of the server's modules on disk: a restart loads them ~0.3 s sooner.
    NODE_COMPILE_CACHE: base.NODE_COMPILE_CACHE ?? path.join(standalone, '.cache', 'node-compile'),
  };
  // The project's own Node 24 (the `node` devDependency) when present: client-node needs Node 22+.
  const node24 = path.join(root, 'node_modules', 'node', 'bin', 'node');
  return {
    command: existsSync(node24) ? node24 : process.execPath,
    args: ['--import', pathToFileURL(preload).href, server],
    env,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  completeStandalone();
  const { command, args, env } = serverCommand();
  const child = spawn(command, args, { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

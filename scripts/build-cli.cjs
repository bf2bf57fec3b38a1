#!/usr/bin/env node
// Compiles the CLI (cli/main.ts and what it imports) to JavaScript in dist/cli, so the bin starts
// without transpiling, and the server's preload (lib/server/preload.ts) to dist/preload. Run by
// `npm install` (prepare), `npm run build`, `npm start` when it rebuilds, and by the bin itself
// when the output is missing or older than the sources.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist', 'cli');
const entry = path.join(root, 'cli', 'main.ts');
/** The file the bin loads. */
const output = path.join(outdir, 'main.mjs');
const preloadEntry = path.join(root, 'lib', 'server', 'preload.ts');
/** The directory of the module the production server loads first, copied beside server.js. */
const preloadDir = path.join(root, 'dist', 'preload');
/** That module (`node --import`); what only a cluster connection needs is in chunks beside it. */
const preloadOutput = path.join(preloadDir, 'preload.mjs');
// The preload bundles the Kubernetes client and undici (as the server's own chunks do): one file
// loads in a third of the time the package's hundreds of modules take, and the lists wait for it.
const SOURCE_DIRS = ['cli', 'lib'];

function newestMtime(dir) {
  let t = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p));
    else if (/\.(ts|tsx|json)$/.test(e.name)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

/** True when dist/cli/main.mjs or dist/preload/preload.mjs is missing or older than a source under cli/ or lib/. */
function isStale() {
  let built;
  try {
    built = Math.min(fs.statSync(output).mtimeMs, fs.statSync(preloadOutput).mtimeMs);
  } catch {
    return true;
  }
  // Without the sources (an install from a packed tarball) the shipped build is all there is.
  if (!fs.existsSync(entry)) return false;
  return SOURCE_DIRS.some((d) => newestMtime(path.join(root, d)) > built);
}

function build() {
  const esbuild = require('esbuild');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // Packages stay in node_modules, except `server-only`: bundled with the react-server condition
  // (an empty module) so the CLI needs no Node flags.
  const external = Object.keys(pkg.dependencies ?? {}).filter((d) => d !== 'server-only');
  // Both: ES modules for Node 22+, chunks shared between entry points, `require` available to
  // bundled CommonJS.
  const common = {
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    conditions: ['react-server'],
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  };
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(preloadDir, { recursive: true, force: true });
  esbuild.buildSync({
    ...common,
    entryPoints: { main: entry },
    outdir,
    external: [...external, ...external.map((d) => `${d}/*`)],
    sourcemap: 'linked',
  });
  esbuild.buildSync({ ...common, entryPoints: { preload: preloadEntry }, outdir: preloadDir });
}

module.exports = { build, isStale, output, preloadDir, preloadOutput };

if (require.main === module) {
  if (!fs.existsSync(entry)) {
    // `npm ci` in a Docker layer runs before the sources are copied.
    console.log('build-cli: no cli/main.ts yet, nothing to build');
  } else {
    build();
    console.log(`build-cli: ${path.relative(root, output)}, ${path.relative(root, preloadOutput)}`);
  }
}

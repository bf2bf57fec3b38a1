#!/usr/bin/env node
// Runs the test API server in the foreground with the demo scenario loaded, for local dashboard runs.
// Usage: node scripts/cluster.mjs [--fresh] [--port N]
//   --fresh   delete .cluster/data first (otherwise objects from the last run are kept)
//   --port N  port on 127.0.0.1 (default 6443 when free, else a free port)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { clusterBinary, ensureClusterBinary } from './build-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = path.join(root, '.cluster');
const dataDir = path.join(stateDir, 'data');
const kubeconfig = path.join(stateDir, 'kubeconfig');
const scenarioOut = path.join(stateDir, 'scenario');
const crdsDir = process.env.MM_CRDS_DIR ?? path.resolve(root, '..', 'shared', 'crds');

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Renders the demo scenario to YAML; falls back to the raw scenario files. Returns dirs to load. */
function scenarioToLoad() {
  const renderer = path.join(root, 'scripts', 'render-scenario.ts');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  if (existsSync(renderer) && existsSync(tsx)) {
    rmSync(scenarioOut, { recursive: true, force: true });
    mkdirSync(scenarioOut, { recursive: true });
    console.log(`cluster: rendering the demo scenario into ${path.relative(root, scenarioOut)}`);
    const result = spawnSync(tsx, [renderer, scenarioOut], { cwd: root, stdio: 'inherit' });
    if (result.status === 0) return [scenarioOut];
    console.log('cluster: scripts/render-scenario.ts failed; loading scenarios/demo as it is');
  } else {
    console.log('cluster: scripts/render-scenario.ts not found; loading scenarios/demo as it is');
  }
  const demo = path.join(root, 'scenarios', 'demo');
  if (existsSync(demo) && readdirSync(demo).length > 0) return [demo];
  console.log('cluster: scenarios/demo is empty; starting without demo objects');
  return [];
}

async function main() {
  ensureClusterBinary();
  if (process.argv.includes('--fresh')) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });

  const wanted = argValue('--port');
  const port = wanted !== undefined ? Number(wanted) : (await portIsFree(6443)) ? 6443 : 0;
  if (wanted === undefined && port === 0) console.log('cluster: port 6443 is busy; using a free port');

  const args = [
    '--crds',
    crdsDir,
    '--data-dir',
    dataDir,
    '--keep-data',
    '--port',
    String(port),
    '--exit-with-parent',
  ];
  args.push('--kubeconfig-out', kubeconfig);
  for (const dir of scenarioToLoad()) args.push('--load', dir);

  const child = spawn(clusterBinary, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });
  }
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    const errors = /^LOAD-ERRORS (\d+)$/.exec(line);
    if (errors && errors[1] !== '0') console.log(`cluster: ${errors[1]} objects failed to load (see above)`);
    if (line.startsWith('READY ')) {
      const rel = path.relative(process.cwd(), kubeconfig) || kubeconfig;
      console.log(`\nDashboard against this cluster: KUBECONFIG=${rel} npm start`);
      console.log(`kubectl: kubectl --kubeconfig ${rel} get pods -A   (contexts: admin, viewer, team)`);
      console.log('Stop with Ctrl-C; objects are kept in .cluster/data (--fresh starts empty).');
    }
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

#!/usr/bin/env node
// Runs the compiled CLI (dist/cli, built by `npm install`/`npm run build`, rebuilt here when missing
// or older than the sources). On a Node older than 22 it re-runs itself under the pinned `node`
// package and forwards SIGINT/SIGTERM/SIGHUP to that child; the usage it prints itself.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..');
const major = Number(process.versions.node.split('.')[0]);

function runHere() {
  const cli = require(path.join(root, 'scripts', 'build-cli.cjs'));
  if (cli.isStale()) cli.build();
  import(pathToFileURL(cli.output).href).then(
    (m) =>
      m.main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
      }),
    (err) => {
      console.error(`mesh-migrator: cannot load ${cli.output}: ${err.message}`);
      process.exitCode = 1;
    },
  );
}

function runUnderPinnedNode() {
  let nodeBin;
  try {
    nodeBin = require.resolve('node/bin/node', { paths: [root] });
  } catch {
    console.error('mesh-migrator needs Node.js 22 or newer (run `npm install` to get the pinned one)');
    process.exit(2);
  }
  const child = spawn(nodeBin, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (sig) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  for (const sig of signals) process.on(sig, forward);
  child.on('error', (err) => {
    console.error(`mesh-migrator: cannot start ${nodeBin}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const sig of signals) process.off(sig, forward);
    if (signal) {
      // Die of the same signal, as a shell expects.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

// The usage needs no cluster client: any Node prints it, without starting the pinned one.
const args = process.argv.slice(2);
const usageOnly = args.length === 0 || (args.length === 1 && ['--help', '-h', 'help'].includes(args[0]));

if (major >= 22 || usageOnly) runHere();
else runUnderPinnedNode();

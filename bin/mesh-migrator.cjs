#!/usr/bin/env node
// Runs the TypeScript CLI on a Node >= 22 (the pinned `node` package when the system Node is older).
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..');
const major = Number(process.versions.node.split('.')[0]);
let nodeBin = process.execPath;
if (major < 22) {
  try {
    nodeBin = require.resolve('node/bin/node', { paths: [root] });
  } catch {
    console.error('mesh-migrator needs Node.js 22 or newer (run `npm install` to get the pinned one)');
    process.exit(2);
  }
}
const tsx = pathToFileURL(require.resolve('tsx', { paths: [root] })).href;
const result = spawnSync(
  nodeBin,
  [
    '--conditions=react-server',
    '--no-warnings',
    '--import',
    tsx,
    path.join(root, 'cli', 'main.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);

#!/usr/bin/env node
// The one test command: lint, typecheck, unit, production build, integration (real API server, the
// built server run as the Helm chart runs it), end-to-end (Chromium; then the login suite).
// Every stage runs even when an earlier one fails, so one run shows everything; the exit code is non-zero
// when any failed. The closing line totals the tests of all runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' };

const stages = [
  { name: 'lint', cmd: 'biome', args: ['ci', '.'] },
  { name: 'typecheck', cmd: 'tsc', args: ['--noEmit'] },
  {
    name: 'unit',
    cmd: 'vitest',
    args: [
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}/unit.json`,
    ],
    vitest: 'unit.json',
  },
  { name: 'build', cmd: 'npm', args: ['run', 'build'] },
  {
    name: 'integration',
    cmd: 'vitest',
    args: [
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}/integration.json`,
    ],
    vitest: 'integration.json',
  },
  {
    // Route fidelity and data-plane view judged by istiod's own code (test/istio; first build is long).
    name: 'istio',
    cmd: 'vitest',
    args: [
      'run',
      '--project',
      'istio',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}/istio.json`,
    ],
    vitest: 'istio.json',
  },
  {
    name: 'e2e',
    cmd: 'playwright',
    args: ['test'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/e2e.json` },
    playwright: 'e2e.json',
  },
  {
    name: 'e2e-login',
    cmd: 'playwright',
    args: ['test', '-c', 'playwright.login.config.ts'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/e2e-login.json` },
    playwright: 'e2e-login.json',
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const s of stages) {
  if (only.length && !only.includes(s.name)) continue;
  console.log(`\n=== ${s.name}: ${s.cmd} ${s.args.join(' ')}`);
  const file = s.vitest ?? s.playwright;
  // A report left by an earlier run must not stand in for this one.
  if (file) rmSync(path.join(out, file), { force: true });
  const t0 = Date.now();
  const r = spawnSync(s.cmd, s.args, { cwd: root, stdio: 'inherit', env: { ...env, ...(s.env ?? {}) } });
  console.log(
    `=== ${s.name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
  );
  if (r.status !== 0) failures.push(s.name);
  let stageFailed = 0;
  if (file && existsSync(path.join(out, file))) {
    const j = JSON.parse(readFileSync(path.join(out, file), 'utf8'));
    if (s.vitest) {
      passed += j.numPassedTests ?? 0;
      stageFailed = (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0);
      skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    } else {
      passed += j.stats?.expected ?? 0;
      stageFailed = (j.stats?.unexpected ?? 0) + (j.stats?.flaky ?? 0);
      skipped += j.stats?.skipped ?? 0;
    }
  } else if (!file && r.status === 0) {
    // A check stage (lint, typecheck, build) counts as one test.
    passed += 1;
  }
  // A failed stage always shows in the count, even when its runner reported no failed test.
  failed += r.status !== 0 ? Math.max(stageFailed, 1) : stageFailed;
}
if (failures.length) console.log(`\nFailed stages: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failures.length || failed ? 1 : 0);

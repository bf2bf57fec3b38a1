import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Path of the test API server binary built by `npm run cluster:build`. */
export const apiServerBinary = path.join(repoRoot, 'test', 'cluster', 'bin', 'mesh-test-apiserver');

/** Root of the shared CRD bundles (Gateway API, Istio); MM_CRDS_DIR overrides it. */
export const crdsDir = process.env.MM_CRDS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'crds');

/** CRD families the test server installs by default; each can be skipped to test a missing CRD. */
export type CrdFamily =
  | 'gateway'
  | 'istio'
  | 'cert-manager'
  | 'metallb'
  | 'envoy-gateway'
  | 'nginx-gateway-fabric';

export interface ApiServerOptions {
  /** Where etcd data, certificates and the kubeconfig live; a new temp dir when omitted. */
  dataDir?: string;
  /** Keep dataDir after stop() so that a later start with the same dataDir and port sees the same objects. */
  keepData?: boolean;
  /** 0 or omitted: a free port. */
  port?: number;
  skipCrds?: CrdFamily[];
  /** Files or directories of YAML/JSON objects to create before READY. */
  load?: string[];
  /** Files written by `writePreload`: objects put straight into etcd before the API server starts. */
  preload?: string[];
  /** Namespace the `team` user administers (default bookinfo). */
  teamNamespace?: string;
  /** How long to wait for READY (default 180 s). */
  timeoutMs?: number;
  /** Extra kube-apiserver flags, e.g. `--oidc-issuer-url=https://…`. */
  apiServerArgs?: string[];
}

export interface ApiServer {
  /** Kubeconfig with contexts admin (current), viewer and team. */
  kubeconfig: string;
  server: string;
  port: number;
  dataDir: string;
  /** Objects from `load` that could not be created (0 when nothing was loaded). */
  loadErrors: number;
  /** Sends SIGTERM and resolves when the process has exited. */
  stop(): Promise<void>;
}

const READY = /^READY server=(\S+) kubeconfig=(\S+)$/;
const LOAD_ERRORS = /^LOAD-ERRORS (\d+)$/;
const TAIL_LINES = 60;

function buildArgs(opts: ApiServerOptions, dataDir: string): string[] {
  const args = [
    '--crds',
    crdsDir,
    '--data-dir',
    dataDir,
    '--port',
    String(opts.port ?? 0),
    '--exit-with-parent',
  ];
  if (opts.keepData) args.push('--keep-data');
  if (opts.skipCrds && opts.skipCrds.length > 0) args.push(`--skip-crds=${opts.skipCrds.join(',')}`);
  if (opts.teamNamespace) args.push('--team-namespace', opts.teamNamespace);
  for (const file of opts.load ?? []) args.push('--load', path.resolve(file));
  for (const file of opts.preload ?? []) args.push('--preload', path.resolve(file));
  for (const a of opts.apiServerArgs ?? []) args.push(`--apiserver-arg=${a}`);
  return args;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  // A wedged shutdown must not hang the test run.
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts the real kube-apiserver + etcd test binary and resolves once it printed READY.
 * Rejects with the tail of its stderr when it exits or times out first.
 */
export function startApiServer(opts: ApiServerOptions = {}): Promise<ApiServer> {
  if (!existsSync(apiServerBinary)) {
    return Promise.reject(new Error(`${apiServerBinary} is missing: run npm run cluster:build`));
  }
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'mesh-test-apiserver-'));
  const child = spawn(apiServerBinary, buildArgs(opts, dataDir), { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  createInterface({ input: child.stderr }).on('line', (line) => {
    remember(line);
    if (process.env.MM_APISERVER_LOG) process.stderr.write(`[apiserver] ${line}\n`);
  });

  return new Promise<ApiServer>((resolve, reject) => {
    let loadErrors = 0;
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopChild(child).finally(() =>
        reject(new Error(`test API server ${reason}\n--- stderr tail ---\n${tail.join('\n')}`)),
      );
    };
    const timeoutMs = opts.timeoutMs ?? 180_000;
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(`could not start: ${err.message}`));
    child.once('exit', (code, signal) => fail(`exited before READY (${code ?? signal})`));
    createInterface({ input: child.stdout }).on('line', (line) => {
      remember(line);
      const errors = LOAD_ERRORS.exec(line);
      if (errors?.[1]) loadErrors = Number(errors[1]);
      const ready = READY.exec(line);
      if (!ready?.[1] || !ready[2] || settled) return;
      settled = true;
      clearTimeout(timer);
      const server = ready[1];
      resolve({
        kubeconfig: ready[2],
        server,
        port: Number(new URL(server).port),
        dataDir,
        loadErrors,
        stop: () => stopChild(child),
      });
    });
  });
}

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type ApiServer, startApiServer } from './apiserver';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Kubeconfig of the shared test API server (contexts admin, viewer, team). */
    MM_KUBECONFIG: string;
    /** Its URL, https://127.0.0.1:PORT. */
    MM_SERVER: string;
  }
}

const buildScript = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'scripts',
  'go-build.mjs',
);

/**
 * Builds the Go harnesses once per run if needed (test API server, OIDC provider, oauth2-proxy,
 * Helm) and starts one shared API server with the default CRDs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, [buildScript], { stdio: 'inherit' });
  if (build.status !== 0)
    throw new Error('building the Go test harnesses failed (node scripts/go-build.mjs)');

  const server: ApiServer = await startApiServer();
  project.provide('MM_KUBECONFIG', server.kubeconfig);
  project.provide('MM_SERVER', server.server);
  // Also for code that reads the environment (workers are forked after this runs).
  process.env.MM_KUBECONFIG = server.kubeconfig;
  process.env.MM_SERVER = server.server;

  return async () => {
    await server.stop();
  };
}

/**
 * Start-up: the server refuses to start with an authentication setting it must not run with (e.g.
 * no login on a network address), and says so; then it connects to the cluster and computes the
 * first summary while it starts, so the first page does not wait for the whole cluster's list.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { authConfig, AuthConfigError } = await import('./lib/auth/config');
  try {
    const cfg = authConfig(process.env, process.argv);
    if (cfg.warning) console.warn(`WARNING: ${cfg.warning}`);
    if (cfg.readOnlyPolicy)
      console.log('Read-only: MESH_MIGRATOR_READ_ONLY is set; no request can turn writes on.');
  } catch (e) {
    if (!(e instanceof AuthConfigError)) throw e;
    console.error(`Mesh Migrator will not start: ${e.message}`);
    process.exit(1);
  }
  void warmUp();
}

async function warmUp(): Promise<void> {
  try {
    const { openConnection } = await import('./lib/cluster/registry');
    const conn = openConnection();
    // Started before the first lists are in: it counts the namespaces they finish meanwhile.
    const { watchSummary } = await import('./lib/server/summary');
    watchSummary(conn.source, undefined, conn.ready);
  } catch (e) {
    // The first request connects instead.
    console.warn(`cluster warm-up at start failed: ${(e as Error).message}`);
  }
}

/**
 * Start-up check: the server refuses to start with an authentication setting it must not run
 * with (e.g. no login on a network address), and says so.
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
}

import 'server-only';
import { type AuthConfig, authConfig } from '../auth/config';

const g = globalThis as typeof globalThis & { __meshMigratorAuth?: AuthConfig };

/**
 * The server's authentication settings, read once from the environment and argv. The start-up
 * check (instrumentation.ts) refuses to start when this throws.
 */
export function serverAuth(): AuthConfig {
  g.__meshMigratorAuth ??= authConfig(process.env, process.argv);
  return g.__meshMigratorAuth;
}

/** Reads the settings again (tests that run several modes in one process). */
export function reloadServerAuth(): AuthConfig {
  g.__meshMigratorAuth = undefined;
  return serverAuth();
}

import 'server-only';
import { type AuthConfig, authConfig } from '../auth/config';
import { processWide } from '../model/process-wide';

const held = processWide('auth:config', (): { config?: AuthConfig } => ({}));

/**
 * The server's authentication settings, read once from the environment and argv. The start-up
 * check (instrumentation.ts) refuses to start when this throws.
 */
export function serverAuth(): AuthConfig {
  held.config ??= authConfig(process.env, process.argv);
  return held.config;
}

/** Reads the settings again (tests that run several modes in one process). */
export function reloadServerAuth(): AuthConfig {
  held.config = undefined;
  return serverAuth();
}

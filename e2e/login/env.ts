import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the login suite's global setup writes the addresses it started. */
export const LOGIN_ENV_FILE = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'login-env.json');

export const OIDC_CLIENT_ID = 'mesh-migrator';

/** Users of the test identity provider, and what the platform grants them. */
export const USERS: Record<string, { groups: string[]; adminOf: string[] }> = {
  alice: { groups: ['app-team'], adminOf: ['bookinfo'] },
};

export interface LoginEnv {
  issuer: string;
  kubeconfig: string;
  dashboards: Record<'oidc' | 'proxy', { url: string; directURL: string; proxySecret?: string }>;
}

export function loginEnv(): LoginEnv {
  return JSON.parse(readFileSync(LOGIN_ENV_FILE, 'utf8')) as LoginEnv;
}

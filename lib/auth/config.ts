import { envFlag } from '../cluster/choose';

/** How users are known. See docs/security.md. */
export type AuthMode = 'local' | 'none' | 'token' | 'oidc' | 'proxy';
export const AUTH_MODES: readonly AuthMode[] = ['local', 'none', 'token', 'oidc', 'proxy'];

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Where the provider sends the browser back; must be registered with the provider. */
  redirectUri: string;
  scopes: string;
}

export interface ProxyConfig {
  userHeader: string;
  groupsHeader: string;
  /** `secret`: a header carrying a shared secret; `loopback`: the app listens on loopback only, behind a co-located proxy. */
  trust: 'secret' | 'loopback';
  secretHeader: string;
  secret?: string;
}

export interface AuthConfig {
  mode: AuthMode;
  /** MESH_MIGRATOR_READ_ONLY: a policy no request can lift. */
  readOnlyPolicy: boolean;
  /** Host names (no port) requests may name; loopback names are always served in local mode. */
  allowedHosts: string[];
  /** The address the server listens on. */
  bindHost: string;
  loopback: boolean;
  /** Cookies get `Secure` unless the server only listens on loopback. */
  secureCookies: boolean;
  /** Shown in the header: e.g. `none` mode on a network address. */
  warning?: string;
  oidc?: OidcConfig;
  proxy?: ProxyConfig;
  /** Session lifetime in seconds (token and oidc sessions end at the latest then). */
  sessionTtl: number;
}

export class AuthConfigError extends Error {}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_HOSTS.includes(h) || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost');
}

/**
 * The listen address: MESH_MIGRATOR_BIND, else `next start`'s `-H`/`--hostname`, else HOST; Next's
 * default is every interface.
 */
export function bindHostOf(env: Record<string, string | undefined>, argv: readonly string[]): string {
  if (env.MESH_MIGRATOR_BIND) return env.MESH_MIGRATOR_BIND;
  for (const [i, a] of argv.entries()) {
    if ((a === '-H' || a === '--hostname') && argv[i + 1]) return argv[i + 1] as string;
    if (a.startsWith('--hostname=')) return a.slice('--hostname='.length);
  }
  return env.HOST || '0.0.0.0';
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

function required(env: Record<string, string | undefined>, name: string, mode: AuthMode): string {
  const v = env[name]?.trim();
  if (!v) throw new AuthConfigError(`MESH_MIGRATOR_AUTH=${mode} needs ${name}`);
  return v;
}

/**
 * Reads the authentication settings from the environment. Throws AuthConfigError for a setting
 * the server must not start with, e.g. local mode on a network address.
 */
export function authConfig(
  env: Record<string, string | undefined>,
  argv: readonly string[] = [],
): AuthConfig {
  const bindHost = bindHostOf(env, argv);
  const loopback = isLoopbackHost(bindHost);
  const raw = env.MESH_MIGRATOR_AUTH?.trim().toLowerCase() || 'local';
  if (!AUTH_MODES.includes(raw as AuthMode))
    throw new AuthConfigError(`MESH_MIGRATOR_AUTH must be one of ${AUTH_MODES.join(', ')} (got "${raw}")`);
  const mode = raw as AuthMode;
  if (mode === 'local' && !loopback)
    throw new AuthConfigError(
      `local mode (no login) listens on ${bindHost}, which is not a loopback address: anyone who reaches it would act with your kubeconfig. ` +
        'Listen on 127.0.0.1, choose MESH_MIGRATOR_AUTH=token, oidc or proxy, or set MESH_MIGRATOR_AUTH=none to accept the risk.',
    );
  const allowedHosts = list(env.MESH_MIGRATOR_ALLOWED_HOSTS);
  if (!loopback && allowedHosts.length === 0)
    throw new AuthConfigError(
      `the server listens on ${bindHost}: set MESH_MIGRATOR_ALLOWED_HOSTS to the host names it is reached by (DNS rebinding guard)`,
    );
  const ttl = Number(env.MESH_MIGRATOR_SESSION_TTL ?? 8 * 3600);
  const cfg: AuthConfig = {
    mode,
    readOnlyPolicy: envFlag(env.MESH_MIGRATOR_READ_ONLY),
    allowedHosts,
    bindHost,
    loopback,
    secureCookies: !loopback && !envFlag(env.MESH_MIGRATOR_INSECURE_COOKIES),
    sessionTtl: Number.isFinite(ttl) && ttl > 0 ? ttl : 8 * 3600,
  };
  if (mode === 'none')
    cfg.warning = loopback
      ? 'No login (MESH_MIGRATOR_AUTH=none): every visitor acts with the server’s credentials.'
      : `No login on ${bindHost} (MESH_MIGRATOR_AUTH=none): anyone who reaches this server acts with its credentials.`;
  if (mode === 'oidc') {
    cfg.oidc = {
      issuer: required(env, 'MESH_MIGRATOR_OIDC_ISSUER', mode),
      clientId: required(env, 'MESH_MIGRATOR_OIDC_CLIENT_ID', mode),
      clientSecret: env.MESH_MIGRATOR_OIDC_CLIENT_SECRET?.trim() || undefined,
      redirectUri: required(env, 'MESH_MIGRATOR_OIDC_REDIRECT_URI', mode),
      scopes: env.MESH_MIGRATOR_OIDC_SCOPES?.trim() || 'openid profile email groups offline_access',
    };
  }
  if (mode === 'proxy') {
    const trust = env.MESH_MIGRATOR_PROXY_TRUST?.trim() || 'secret';
    if (trust !== 'secret' && trust !== 'loopback')
      throw new AuthConfigError('MESH_MIGRATOR_PROXY_TRUST must be "secret" or "loopback"');
    if (trust === 'loopback' && !loopback)
      throw new AuthConfigError(
        'MESH_MIGRATOR_PROXY_TRUST=loopback needs the server to listen on loopback only (behind a proxy in the same pod)',
      );
    const secret = env.MESH_MIGRATOR_PROXY_SECRET?.trim();
    if (trust === 'secret' && (!secret || secret.length < 16))
      throw new AuthConfigError(
        'MESH_MIGRATOR_PROXY_TRUST=secret needs MESH_MIGRATOR_PROXY_SECRET (16+ characters)',
      );
    cfg.proxy = {
      trust,
      userHeader: env.MESH_MIGRATOR_PROXY_USER_HEADER?.trim().toLowerCase() || 'x-forwarded-user',
      groupsHeader: env.MESH_MIGRATOR_PROXY_GROUPS_HEADER?.trim().toLowerCase() || 'x-forwarded-groups',
      secretHeader:
        env.MESH_MIGRATOR_PROXY_SECRET_HEADER?.trim().toLowerCase() || 'x-mesh-migrator-proxy-secret',
      ...(secret ? { secret } : {}),
    };
  }
  return cfg;
}

import 'server-only';
import * as client from 'openid-client';
import type { OidcConfig } from './config';

/** Refresh the ID token this long before it expires. */
export const REFRESH_MARGIN_S = 60;

const g = globalThis as typeof globalThis & {
  __meshMigratorOidc?: Map<string, Promise<client.Configuration>>;
};
g.__meshMigratorOidc ??= new Map();

/** The provider's configuration (discovery), fetched once per issuer. */
export function oidcClient(cfg: OidcConfig): Promise<client.Configuration> {
  const key = `${cfg.issuer} ${cfg.clientId}`;
  const cache = g.__meshMigratorOidc as Map<string, Promise<client.Configuration>>;
  let c = cache.get(key);
  if (!c) {
    const url = new URL(cfg.issuer);
    c = client.discovery(
      url,
      cfg.clientId,
      undefined,
      cfg.clientSecret ? client.ClientSecretPost(cfg.clientSecret) : client.None(),
      // An http issuer is accepted only on loopback (a local test provider).
      url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
        ? { execute: [client.allowInsecureRequests] }
        : undefined,
    );
    cache.set(key, c);
    c.catch(() => cache.delete(key));
  }
  return c;
}

/** State kept in a short-lived encrypted cookie between the redirect to the provider and the callback. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** Starts an authorization-code login with PKCE (S256), state and nonce. */
export async function beginLogin(
  cfg: OidcConfig,
  returnTo: string,
): Promise<{ url: URL; tx: OidcTransaction }> {
  const config = await oidcClient(cfg);
  const verifier = client.randomPKCECodeVerifier();
  const tx: OidcTransaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    returnTo: safeReturnTo(returnTo),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: cfg.redirectUri,
    scope: cfg.scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: tx.state,
    nonce: tx.nonce,
  });
  return { url, tx };
}

export interface OidcTokens {
  idToken: string;
  /** Epoch seconds. */
  exp: number;
  refreshToken?: string;
  username: string;
  groups: string[];
}

function tokensOf(
  r: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  previousRefresh?: string,
): OidcTokens {
  const claims = r.claims();
  if (!r.id_token || !claims) throw new Error('the provider returned no ID token');
  const groups = Array.isArray(claims.groups)
    ? claims.groups.filter((x): x is string => typeof x === 'string')
    : [];
  const username =
    (typeof claims.email === 'string' && claims.email) ||
    (typeof claims.preferred_username === 'string' && claims.preferred_username) ||
    claims.sub;
  const refreshToken = r.refresh_token ?? previousRefresh;
  return {
    idToken: r.id_token,
    exp: claims.exp,
    username,
    groups,
    ...(refreshToken ? { refreshToken } : {}),
  };
}

/** Finishes the login: checks state, nonce and PKCE, and returns the ID token the API server will be called with. */
export async function finishLogin(
  cfg: OidcConfig,
  callbackUrl: URL,
  tx: OidcTransaction,
): Promise<OidcTokens> {
  const config = await oidcClient(cfg);
  const r = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: tx.verifier,
    expectedState: tx.state,
    expectedNonce: tx.nonce,
    idTokenExpected: true,
  });
  return tokensOf(r);
}

/** A new ID token from the refresh token. */
export async function refresh(cfg: OidcConfig, refreshToken: string): Promise<OidcTokens> {
  const config = await oidcClient(cfg);
  const r = await client.refreshTokenGrant(config, refreshToken);
  return tokensOf(r, refreshToken);
}

/** Whether a token that expires at `exp` must be refreshed now. */
export function needsRefresh(exp: number | undefined, nowS = Date.now() / 1000): boolean {
  return exp !== undefined && exp - nowS < REFRESH_MARGIN_S;
}

/** Only paths of this app: an absolute or protocol-relative URL would send the user elsewhere. */
export function safeReturnTo(v: string | null | undefined): string {
  if (!v?.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return '/';
  return v;
}

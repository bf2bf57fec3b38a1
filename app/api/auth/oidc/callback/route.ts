import { finishLogin, type OidcTransaction, safeReturnTo } from '@/lib/auth/oidc';
import {
  clearCookieHeader,
  cookieHeader,
  newSession,
  OIDC_COOKIE,
  openValue,
  readCookie,
  SESSION_COOKIE,
  sealSession,
} from '@/lib/auth/session';
import { serverAuth } from '@/lib/server/auth';
import { publicRoute, refuse } from '@/lib/server/handler';
import { identityOfToken } from '@/lib/server/login';

export const dynamic = 'force-dynamic';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * OIDC mode: the provider's redirect back. Checks state, nonce and PKCE, keeps the ID token (the
 * bearer token towards the API server) and the refresh token in the encrypted session cookie.
 */
export const GET = publicRoute({ write: false }, async (req) => {
  const auth = serverAuth();
  if (auth.mode !== 'oidc' || !auth.oidc) return refuse({ status: 404, error: 'OIDC login is off' });
  const tx = (await openValue(readCookie(req.headers.get('cookie'), OIDC_COOKIE))) as
    | OidcTransaction
    | undefined;
  if (!tx?.state || !tx.verifier || !tx.nonce)
    return refuse({ status: 400, error: 'the login took too long or was started elsewhere: start again' });
  // The callback URL as the provider called it (the configured redirect URI, with its query).
  const callback = new URL(auth.oidc.redirectUri);
  callback.search = new URL(req.url).search;
  let tokens: Awaited<ReturnType<typeof finishLogin>>;
  try {
    tokens = await finishLogin(auth.oidc, callback, tx);
  } catch (e) {
    return refuse({ status: 401, error: `login failed: ${(e as Error).message}` });
  }
  // The user as the API server sees this ID token (its username claim and prefix), so that records
  // and the API server's audit log name the same person.
  let identity: { username: string; groups: string[] };
  try {
    identity = await identityOfToken(tokens.idToken);
  } catch (e) {
    return refuse({
      status: 401,
      error: `the API server does not accept this provider's ID token (is it configured for the same issuer?): ${(e as Error).message}`,
    });
  }
  const session = newSession('oidc', identity, {
    token: tokens.idToken,
    tokenExp: tokens.exp,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
  });
  const to = safeReturnTo(tx.returnTo);
  // A page, not a redirect: the browser then sends the SameSite=Strict cookie on the next, same-site navigation.
  const res = new Response(
    `<!doctype html><meta http-equiv="refresh" content="0;url=${escapeHtml(to)}"><title>Logged in</title><a href="${escapeHtml(to)}">Continue</a>`,
    { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  );
  res.headers.append(
    'set-cookie',
    cookieHeader(SESSION_COOKIE, await sealSession(session, auth.sessionTtl), {
      secure: auth.secureCookies,
      maxAge: auth.sessionTtl,
    }),
  );
  res.headers.append('set-cookie', clearCookieHeader(OIDC_COOKIE, auth.secureCookies));
  return res;
});

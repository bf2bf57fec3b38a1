import { NextResponse } from 'next/server';
import { beginLogin } from '@/lib/auth/oidc';
import { cookieHeader, OIDC_COOKIE, sealValue } from '@/lib/auth/session';
import { serverAuth } from '@/lib/server/auth';
import { publicRoute, refuse } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

/** OIDC mode: sends the browser to the provider (authorization code with PKCE, state and nonce). */
export const GET = publicRoute({ write: false }, async (req) => {
  const auth = serverAuth();
  if (auth.mode !== 'oidc' || !auth.oidc)
    return refuse({ status: 404, error: `OIDC login is off (MESH_MIGRATOR_AUTH=${auth.mode})` });
  const { url, tx } = await beginLogin(auth.oidc, new URL(req.url).searchParams.get('returnTo') ?? '/');
  const res = NextResponse.redirect(url, 302);
  res.headers.append(
    'set-cookie',
    cookieHeader(OIDC_COOKIE, await sealValue({ ...tx }, 600), {
      secure: auth.secureCookies,
      maxAge: 600,
      sameSite: 'Lax',
    }),
  );
  return res;
});

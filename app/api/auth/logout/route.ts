import { NextResponse } from 'next/server';
import { clearCookieHeader, SESSION_COOKIE } from '@/lib/auth/session';
import { route } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

/** Ends the session: the cookie (and with it the token) is dropped. */
export const POST = route({ write: true, allowDisconnected: true }, (ctx) => {
  const res = NextResponse.json({ loggedOut: true });
  res.headers.append('set-cookie', clearCookieHeader(SESSION_COOKIE, ctx.auth.secureCookies));
  return res;
});

import { NextResponse } from 'next/server';
import { resolveRequest, sessionCookie } from '@/lib/auth/identity';
import { newSession } from '@/lib/auth/session';
import { serverAuth } from '@/lib/server/auth';
import { publicRoute } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

/**
 * The session's CSRF token and user. In local and none mode (no login) the first call creates the
 * session that carries the CSRF token and this browser's read-only switch and context.
 */
export const GET = publicRoute({ write: false }, async (req) => {
  const auth = serverAuth();
  const r = await resolveRequest(req.headers, auth);
  const res = (body: Record<string, unknown>, status = 200) => {
    const out = NextResponse.json(
      { mode: auth.mode, ...body },
      { status, headers: { 'cache-control': 'no-store' } },
    );
    for (const c of r.setCookies) out.headers.append('set-cookie', c);
    return out;
  };
  if (!r.user) return res({ loggedIn: false, error: `not logged in: ${r.reason ?? 'no session'}` }, 401);
  let session = r.session;
  if (!session) {
    session = newSession(auth.mode, { username: '', groups: [] });
    r.setCookies.push(await sessionCookie(session, auth));
  }
  return res({ loggedIn: true, username: session.user.username, csrf: session.csrf });
});

import { NextResponse } from 'next/server';
import { z } from 'zod';
import { cookieHeader, newSession, SESSION_COOKIE, sealSession } from '@/lib/auth/session';
import { serverAuth } from '@/lib/server/auth';
import { publicRoute, refuse } from '@/lib/server/handler';
import { identityOfToken, tokenExpiry } from '@/lib/server/login';
import { parseBody } from '@/lib/server/respond';

export const dynamic = 'force-dynamic';

const Body = z.object({ token: z.string().trim().min(1, 'paste a token').max(16_384) });

/** Token mode: checks a pasted bearer token with a SelfSubjectReview and keeps it in the encrypted session cookie. */
export const POST = publicRoute({ write: true }, async (req) => {
  const auth = serverAuth();
  if (auth.mode !== 'token')
    return refuse({ status: 404, error: `token login is off (MESH_MIGRATOR_AUTH=${auth.mode})` });
  const body = await parseBody(req, Body);
  if (!body.ok) return body.res;
  const token = body.data.token;
  const identity = await identityOfToken(token);
  const exp = tokenExpiry(token);
  const now = Date.now() / 1000;
  if (exp !== undefined && exp <= now) return refuse({ status: 401, error: 'this token has expired' });
  const ttl = Math.min(auth.sessionTtl, exp !== undefined ? exp - now : auth.sessionTtl);
  const session = newSession('token', identity, { token, ...(exp !== undefined ? { tokenExp: exp } : {}) });
  const res = NextResponse.json({ username: identity.username, groups: identity.groups });
  res.headers.append(
    'set-cookie',
    cookieHeader(SESSION_COOKIE, await sealSession(session, ttl), {
      secure: auth.secureCookies,
      maxAge: ttl,
    }),
  );
  return res;
});

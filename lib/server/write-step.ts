import 'server-only';
import type { NextResponse } from 'next/server';
import type { ConfirmClaims } from './confirm';
import { markUsed } from './confirm';
import type { RequestContext } from './context';
import { refuse } from './handler';

/** 403 when writes are off for this request (server policy or the session's switch). */
export function readOnlyRefusal(ctx: RequestContext): NextResponse | undefined {
  return ctx.readOnlyReason
    ? refuse({ status: 403, error: `${ctx.readOnlyReason}: nothing was changed` })
    : undefined;
}

/**
 * Runs `fn` holding the namespace's apply lock, after marking the confirmation used (a second use,
 * here or on another replica, is a 409). The lock is released whatever happens.
 */
export async function underLock(
  ctx: RequestContext,
  ns: string,
  claims: ConfirmClaims,
  fn: () => Promise<Response>,
): Promise<Response> {
  const lock = await ctx.lock.acquire(ns, ctx.user.username, claims);
  if (!lock.ok) return refuse(lock);
  try {
    if (!markUsed(claims.n, claims.exp))
      return refuse({ status: 409, error: 'this confirmation was already used: preview again' });
    return await fn();
  } finally {
    await lock.release();
  }
}

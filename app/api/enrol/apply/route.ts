import { NextResponse } from 'next/server';
import { enrolmentToken } from '@/lib/migrate';
import { checkConfirmation, digestOf, markUsed, recordSigner } from '@/lib/server/confirm';
import { enrolPlans, enrolRefusal, enrolStream } from '@/lib/server/enrol';
import { refuse, route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { readOnlyRefusal } from '@/lib/server/write-step';
import { EnrolApplyBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Applies an enrolment as the user, only with the signed confirmation its preview issued to this
 * user for these namespaces and exactly these changes, once, holding each namespace's apply lock.
 * A refusal is a 4xx with the reason; otherwise each step's progress streams back as NDJSON,
 * ending with the result. Records are signed and name the user.
 */
export const POST = route({ write: true }, async (ctx, req) => {
  const ro = readOnlyRefusal(ctx);
  if (ro) return ro;
  const body = await parseBody(req, EnrolApplyBody);
  if (!body.ok) return body.res;
  const { namespaces } = body.data;
  const plans = enrolPlans(ctx.conn.source, namespaces, body.data.gatewayClass);
  const inner = enrolmentToken(plans);
  const check = checkConfirmation(body.data.confirm, {
    u: ctx.user.username,
    ns: namespaces.join(','),
    step: 'enrol',
    d: digestOf(inner),
    force: false,
  });
  if (!check.ok) return refuse(check);
  const refusal = enrolRefusal(ctx.writer, plans, inner);
  if (refusal) return NextResponse.json({ status: 'refused', error: refusal }, { status: 409 });
  const held: { release(): Promise<void> }[] = [];
  const releaseAll = async () => {
    for (const l of held.splice(0)) await l.release();
  };
  for (const ns of namespaces) {
    const lock = await ctx.lock.acquire(ns, ctx.user.username, check.claims);
    if (!lock.ok) {
      await releaseAll();
      return refuse(lock);
    }
    held.push(lock);
  }
  if (!markUsed(check.claims.n, check.claims.exp)) {
    await releaseAll();
    return refuse({ status: 409, error: 'this confirmation was already used: preview again' });
  }
  const stream = enrolStream(ctx.writer, plans, inner, {
    step: { signer: recordSigner, who: ctx.user.username },
    done: releaseAll,
  });
  return new Response(stream, {
    headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
  });
});

import { NextResponse } from 'next/server';
import { rollbackEnrolment } from '@/lib/migrate';
import { checkConfirmation, markUsed, recordSigner } from '@/lib/server/confirm';
import { checkedEnrolRollback, enrolRollbackBinding, recordNamespaces } from '@/lib/server/enrol-rollback';
import { refuse, route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { readOnlyRefusal } from '@/lib/server/write-step';
import { EnrolRollbackBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Rolls back every record of an enrolment as the user (newest first, workload restarts last), only
 * with the signed confirmation its preview issued to this user for exactly these records and what
 * they would change, once, holding each namespace's apply lock. A record changed since the preview
 * is refused; a refusal is a 4xx with the reason and nothing written.
 */
export const POST = route({ write: true }, async (ctx, req) => {
  const ro = readOnlyRefusal(ctx);
  if (ro) return ro;
  const body = await parseBody(req, EnrolRollbackBody);
  if (!body.ok) return body.res;
  const { recordIds } = body.data;
  // Each record must be signed by this server, stay within its namespace and step, and be the user's to undo.
  const checked = await checkedEnrolRollback(ctx, recordIds);
  if (!checked.ok) return checked.res;
  const check = checkConfirmation(body.data.confirm, {
    u: ctx.user.username,
    ...enrolRollbackBinding(recordIds, checked.preview),
    force: false,
  });
  if (!check.ok) return refuse(check);
  const held: { release(): Promise<void> }[] = [];
  try {
    for (const ns of recordNamespaces(recordIds)) {
      const lock = await ctx.lock.acquire(ns, ctx.user.username, check.claims);
      if (!lock.ok) return refuse(lock);
      held.push(lock);
    }
    if (!markUsed(check.claims.n, check.claims.exp))
      return refuse({ status: 409, error: 'this confirmation was already used: preview again' });
    const result = await rollbackEnrolment(ctx.writer, recordIds, {
      signer: recordSigner,
      who: ctx.user.username,
      expectJson: new Map(checked.preview.bound.records.map((r) => [r.id, r.json])),
    });
    return NextResponse.json(result, { status: result.status === 'rolled-back' ? 200 : 409 });
  } finally {
    for (const l of held.splice(0)) await l.release();
  }
});

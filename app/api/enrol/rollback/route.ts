import { NextResponse } from 'next/server';
import { rollbackEnrolment } from '@/lib/migrate';
import { recordSigner } from '@/lib/server/confirm';
import { route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { readOnlyRefusal } from '@/lib/server/write-step';
import { EnrolRollbackBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Rolls back every record of an enrolment as the user: newest first, workload restarts last. */
export const POST = route({ write: true }, async (ctx, req) => {
  const ro = readOnlyRefusal(ctx);
  if (ro) return ro;
  const body = await parseBody(req, EnrolRollbackBody);
  if (!body.ok) return body.res;
  // Each record must be signed by this server and stay within its namespace and step (else refused).
  const result = await rollbackEnrolment(ctx.writer, body.data.recordIds, {
    signer: recordSigner,
    who: ctx.user.username,
  });
  return NextResponse.json(result, {
    status: result.status === 'rolled-back' ? 200 : 409,
  });
});

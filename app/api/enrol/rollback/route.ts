import { NextResponse } from 'next/server';
import { rollbackEnrolment } from '@/lib/migrate';
import { route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { EnrolRollbackBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Rolls back every record of an enrolment as the user: newest first, workload restarts last. */
export const POST = route({ write: true }, async (ctx, req) => {
  const body = await parseBody(req, EnrolRollbackBody);
  if (!body.ok) return body.res;
  const result = await rollbackEnrolment(ctx.writer, body.data.recordIds);
  return NextResponse.json(result, {
    status: result.status === 'rolled-back' ? 200 : result.status === 'refused' ? 409 : 500,
  });
});

import { NextResponse } from 'next/server';
import { rollbackEnrolment } from '@/lib/migrate';
import { connected, parseBody } from '@/lib/server/respond';
import { EnrolRollbackBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Rolls back every record of an enrolment: newest first, workload restarts last. */
export async function POST(req: Request) {
  const body = await parseBody(req, EnrolRollbackBody);
  if (!body.ok) return body.res;
  const c = await connected();
  if (!c.ok) return c.res;
  const result = await rollbackEnrolment(c.conn.source, body.data.recordIds);
  return NextResponse.json(result, {
    status: result.status === 'rolled-back' ? 200 : result.status === 'refused' ? 409 : 500,
  });
}

import { NextResponse } from 'next/server';
import { rollbackStep } from '@/lib/migrate';
import { badRequest, connected, parseBody, validNamespace } from '@/lib/server/respond';
import { RollbackBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Restores the prior state a record captured. */
export async function POST(req: Request, { params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const body = await parseBody(req, RollbackBody);
  if (!body.ok) return body.res;
  if (!body.data.recordId.startsWith(`${ns}/`))
    return badRequest(`record ${body.data.recordId} is not in namespace ${ns}`);
  const c = await connected();
  if (!c.ok) return c.res;
  const result = await rollbackStep(c.conn.source, body.data.recordId);
  return NextResponse.json(result, {
    status: result.status === 'rolled-back' ? 200 : result.status === 'refused' ? 409 : 500,
  });
}

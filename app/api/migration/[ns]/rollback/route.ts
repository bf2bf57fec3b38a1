import { NextResponse } from 'next/server';
import { rollbackStep } from '@/lib/migrate';
import { route } from '@/lib/server/handler';
import { badRequest, parseBody, validNamespace } from '@/lib/server/respond';
import { RollbackBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Restores, as the user, the prior state a record captured. */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const body = await parseBody(req, RollbackBody);
  if (!body.ok) return body.res;
  if (!body.data.recordId.startsWith(`${ns}/`))
    return badRequest(`record ${body.data.recordId} is not in namespace ${ns}`);
  const result = await rollbackStep(ctx.writer, body.data.recordId);
  return NextResponse.json(result, {
    status: result.status === 'rolled-back' ? 200 : result.status === 'refused' ? 409 : 500,
  });
});

import { NextResponse } from 'next/server';
import { applyStep } from '@/lib/migrate';
import { route } from '@/lib/server/handler';
import { currentPlan } from '@/lib/server/migration';
import { badRequest, parseBody, validNamespace } from '@/lib/server/respond';
import { ApplyBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Applies one step as the user, only with the confirmation its preview returned (and a second one to force). */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const body = await parseBody(req, ApplyBody);
  if (!body.ok) return body.res;
  const plan = currentPlan(ctx.conn.source, ns, body.data.gatewayClass);
  const result = await applyStep(ctx.writer, plan, body.data.step, {
    confirm: body.data.confirm,
    force: body.data.force,
  });
  const status = result.status === 'applied' ? 200 : result.status === 'refused' ? 409 : 500;
  return NextResponse.json(result, { status: result.conflicts?.length ? 409 : status });
});

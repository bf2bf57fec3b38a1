import { NextResponse } from 'next/server';
import { previewStep } from '@/lib/migrate';
import { route } from '@/lib/server/handler';
import { currentPlan } from '@/lib/server/migration';
import { badRequest, parseBody, validNamespace } from '@/lib/server/respond';
import { PreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Server-side dry run, as the user, of every object, patch and delete of a step, with diffs against live state. */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const body = await parseBody(req, PreviewBody);
  if (!body.ok) return body.res;
  const plan = currentPlan(ctx.conn.source, ns, body.data.gatewayClass);
  return NextResponse.json(await previewStep(ctx.writer, plan, body.data.step));
});

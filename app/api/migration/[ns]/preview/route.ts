import { NextResponse } from 'next/server';
import { previewStep } from '@/lib/migrate';
import { digestOf, issueConfirmation } from '@/lib/server/confirm';
import { route } from '@/lib/server/handler';
import { currentPlan, stepDigestInput } from '@/lib/server/migration';
import { badRequest, parseBody, validNamespace } from '@/lib/server/respond';
import { PreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Server-side dry run, as the user, of every object, patch and delete of a step, with diffs
 * against live state. The confirmation it returns is signed and bound to this user, namespace,
 * step and exact changes; after conflicts or dry-run errors only the force path accepts it.
 */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const body = await parseBody(req, PreviewBody);
  if (!body.ok) return body.res;
  const plan = currentPlan(
    ctx.conn.source,
    ns,
    body.data.gatewayClass,
    body.data.certificates,
    body.data.target,
  );
  const preview = await previewStep(ctx.writer, plan, body.data.step);
  const forceOnly = !preview.ok;
  const confirm = issueConfirmation({
    u: ctx.user.username,
    ns,
    step: body.data.step,
    d: digestOf(stepDigestInput(plan, body.data.step)),
    f: forceOnly,
  });
  return NextResponse.json({ ...preview, confirm, forceOnly });
});

import { NextResponse } from 'next/server';
import { stepRequest } from '@/lib/api/step-request';
import { previewStep } from '@/lib/migrate';
import { digestOf, issueConfirmation } from '@/lib/server/confirm';
import { route } from '@/lib/server/handler';
import { stepDigestInput } from '@/lib/server/migration';
import { PreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Server-side dry run, as the user, of every object, patch and delete of a step, with diffs
 * against live state. The confirmation it returns is signed and bound to this user, namespace,
 * step and exact changes; after conflicts or dry-run errors only the force path accepts it.
 */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  const parsed = await stepRequest(ctx, req, ns, PreviewBody, { writes: false });
  if (!parsed.ok) return parsed.res;
  const { body, plan } = parsed;
  const preview = await previewStep(ctx.writer, plan, body.step);
  const forceOnly = !preview.ok;
  const confirm = issueConfirmation({
    u: ctx.user.username,
    ns,
    step: body.step,
    d: digestOf(stepDigestInput(plan, body.step)),
    f: forceOnly,
  });
  return NextResponse.json({ ...preview, confirm, forceOnly });
});

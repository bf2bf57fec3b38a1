import { NextResponse } from 'next/server';
import { stepRequest } from '@/lib/api/step-request';
import { applyStep, confirmationToken, forceConfirmation, stepPermissions } from '@/lib/migrate';
import { checkConfirmation, digestOf, recordSigner } from '@/lib/server/confirm';
import { refuse, route } from '@/lib/server/handler';
import { stepDigestInput } from '@/lib/server/migration';
import { clusterBaseline } from '@/lib/server/traffic';
import { underLock } from '@/lib/server/write-step';
import { ApplyBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Applies one step as the user: 403 read-only or without the rights, 403 for a confirmation this
 * server did not issue to this user for this step, 409 for a stale, used or force-only one, for a
 * concurrent apply of the namespace, or a conflict; the record is signed and names the user.
 */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  const parsed = await stepRequest(ctx, req, ns, ApplyBody, { writes: true });
  if (!parsed.ok) return parsed.res;
  const { body, plan } = parsed;
  const { step, force = false } = body;
  const perms = await stepPermissions(ctx.writer, plan, step);
  if (!perms.allowed)
    return refuse(
      {
        status: 403,
        error: `you may not apply ${step} in ${ns}: ${perms.missing.map((m) => `${m.verb} ${m.resource}${m.namespace ? ` in ${m.namespace}` : ''}`).join(', ')}`,
      },
      { missing: perms.missing },
    );
  const check = checkConfirmation(body.confirm, {
    u: ctx.user.username,
    ns,
    step,
    d: digestOf(stepDigestInput(plan, step)),
    force,
  });
  if (!check.ok) return refuse(check);
  return underLock(ctx, ns, check.claims, async () => {
    const inner = confirmationToken(plan, step);
    const result = await applyStep(ctx.writer, plan, step, {
      confirm: force ? forceConfirmation(inner) : inner,
      force,
      signer: recordSigner,
      who: ctx.user.username,
      // Golden signals before the change, for the traffic verdict after it (verify changes nothing).
      ...(step === 'verify' ? {} : { traffic: await clusterBaseline(ctx.conn.source, ns) }),
    });
    const status =
      result.status === 'applied' ? 200 : step === 'verify' && result.status === 'failed' ? 422 : 409;
    return NextResponse.json(result, { status });
  });
});

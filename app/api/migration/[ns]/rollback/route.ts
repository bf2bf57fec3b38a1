import { NextResponse } from 'next/server';
import { checkAccess, parseRecord, previewRollback, rollbackAccess, rollbackStep } from '@/lib/migrate';
import { checkConfirmation, digestOf, recordSigner } from '@/lib/server/confirm';
import { refuse, route } from '@/lib/server/handler';
import { badRequest, parseBody, validNamespace } from '@/lib/server/respond';
import { readOnlyRefusal, underLock } from '@/lib/server/write-step';
import { RollbackBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Restores, as the user, the prior state a trusted record captured, with the confirmation of its
 * preview. Only objects of the record's namespace and of kinds its step writes are touched.
 */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const ro = readOnlyRefusal(ctx);
  if (ro) return ro;
  const body = await parseBody(req, RollbackBody);
  if (!body.ok) return body.res;
  const { recordId } = body.data;
  if (!recordId.startsWith(`${ns}/`)) return badRequest(`record ${recordId} is not in namespace ${ns}`);
  const preview = await previewRollback(ctx.writer, recordId, { signer: recordSigner });
  if (preview.refused) {
    const status = preview.refused.kind === 'missing' ? 404 : preview.refused.kind === 'done' ? 409 : 403;
    return refuse({ status, error: preview.refused.message });
  }
  const record = parseRecord({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: recordId.split('/')[1] ?? '', namespace: ns },
    data: { 'record.json': preview.json },
  });
  if (record) {
    const perms = await checkAccess(ctx.writer, rollbackAccess(record));
    if (!perms.allowed)
      return refuse(
        {
          status: 403,
          error: `you may not roll back ${recordId}: ${perms.missing.map((m) => `${m.verb} ${m.resource}${m.namespace ? ` in ${m.namespace}` : ''}`).join(', ')}`,
        },
        { missing: perms.missing },
      );
  }
  const check = checkConfirmation(body.data.confirm, {
    u: ctx.user.username,
    ns,
    step: 'rollback',
    d: digestOf({ recordId, json: preview.json }),
    force: false,
  });
  if (!check.ok) return refuse(check);
  return underLock(ctx, ns, check.claims, async () => {
    const result = await rollbackStep(ctx.writer, recordId, {
      signer: recordSigner,
      who: ctx.user.username,
      expectJson: preview.json,
    });
    return NextResponse.json(result, { status: result.status === 'rolled-back' ? 200 : 409 });
  });
});

import { NextResponse } from 'next/server';
import { previewRollback } from '@/lib/migrate';
import { digestOf, issueConfirmation, recordSigner } from '@/lib/server/confirm';
import { route } from '@/lib/server/handler';
import { badRequest, parseBody, validNamespace } from '@/lib/server/respond';
import { RollbackPreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * What rolling back a record would undo, read fresh as the user, and a confirmation bound to the
 * exact record. An unsigned, altered or out-of-bounds record is refused (403) with the reason.
 */
export const POST = route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const body = await parseBody(req, RollbackPreviewBody);
  if (!body.ok) return body.res;
  const { recordId } = body.data;
  if (!recordId.startsWith(`${ns}/`)) return badRequest(`record ${recordId} is not in namespace ${ns}`);
  const preview = await previewRollback(ctx.writer, recordId, { signer: recordSigner });
  const { json, ...view } = preview;
  if (preview.refused) {
    const status = preview.refused.kind === 'missing' ? 404 : preview.refused.kind === 'done' ? 409 : 403;
    return NextResponse.json({ ...view, error: preview.refused.message }, { status });
  }
  const confirm = issueConfirmation({
    u: ctx.user.username,
    ns,
    step: 'rollback',
    d: digestOf({ recordId, json }),
    f: false,
  });
  return NextResponse.json({ ...view, confirm });
});

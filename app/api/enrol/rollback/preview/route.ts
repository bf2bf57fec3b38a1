import { NextResponse } from 'next/server';
import { issueConfirmation } from '@/lib/server/confirm';
import { checkedEnrolRollback, enrolRollbackBinding, rollbackView } from '@/lib/server/enrol-rollback';
import { route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { readOnlyRefusal } from '@/lib/server/write-step';
import { EnrolRollbackPreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * What rolling back an enrolment's records would do, read fresh as the user: per record, in the
 * order the rollback takes them, each object it deletes, restores or recreates with its diff. The
 * confirmation is signed and bound to this user, the exact ordered record ids and what was read;
 * it expires and is accepted once. An unsigned, altered, out-of-bounds or forbidden record is a 4xx.
 */
export const POST = route({ write: true }, async (ctx, req) => {
  const ro = readOnlyRefusal(ctx);
  if (ro) return ro;
  const body = await parseBody(req, EnrolRollbackPreviewBody);
  if (!body.ok) return body.res;
  const { recordIds } = body.data;
  const checked = await checkedEnrolRollback(ctx, recordIds);
  if (!checked.ok) return checked.res;
  const confirm = issueConfirmation({
    u: ctx.user.username,
    ...enrolRollbackBinding(recordIds, checked.preview),
    f: false,
  });
  return NextResponse.json({ ...rollbackView(checked.preview), confirm });
});

import { NextResponse } from 'next/server';
import { previewEnrolment } from '@/lib/migrate';
import { digestOf, issueConfirmation } from '@/lib/server/confirm';
import { enrolPlans } from '@/lib/server/enrol';
import { route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { EnrolPreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * One preview of every applicable step of one namespace or a wave: dry runs as the user and diffs,
 * grouped by step. The confirmation is signed and bound to this user, these namespaces and the
 * exact changes of every step; it expires and is accepted once.
 */
export const POST = route({ write: true }, async (ctx, req) => {
  const body = await parseBody(req, EnrolPreviewBody);
  if (!body.ok) return body.res;
  const plans = enrolPlans(ctx.conn.source, body.data.namespaces, body.data.gatewayClass);
  const preview = await previewEnrolment(ctx.writer, plans);
  const confirm = issueConfirmation({
    u: ctx.user.username,
    ns: body.data.namespaces.join(','),
    step: 'enrol',
    d: digestOf(preview.confirm),
    f: false,
  });
  return NextResponse.json({ ...preview, confirm });
});

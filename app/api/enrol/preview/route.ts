import { NextResponse } from 'next/server';
import { previewEnrolment } from '@/lib/migrate';
import { enrolPlans } from '@/lib/server/enrol';
import { route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { EnrolPreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** One preview of every applicable step of one namespace or a wave: dry runs as the user and diffs, grouped by step. */
export const POST = route({ write: true }, async (ctx, req) => {
  const body = await parseBody(req, EnrolPreviewBody);
  if (!body.ok) return body.res;
  const plans = enrolPlans(ctx.conn.source, body.data.namespaces, body.data.gatewayClass);
  return NextResponse.json(await previewEnrolment(ctx.writer, plans));
});

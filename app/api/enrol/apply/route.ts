import { NextResponse } from 'next/server';
import { enrolPlans, enrolRefusal, enrolStream } from '@/lib/server/enrol';
import { route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { EnrolApplyBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Applies an enrolment as the user, with the confirmation its preview returned. A refusal is a 409
 * with the reason; otherwise the progress of each step streams back as NDJSON, ending with the result.
 */
export const POST = route({ write: true }, async (ctx, req) => {
  const body = await parseBody(req, EnrolApplyBody);
  if (!body.ok) return body.res;
  const plans = enrolPlans(ctx.conn.source, body.data.namespaces, body.data.gatewayClass);
  const refusal = enrolRefusal(ctx.writer, plans, body.data.confirm);
  if (refusal) return NextResponse.json({ status: 'refused', error: refusal }, { status: 409 });
  return new Response(enrolStream(ctx.writer, plans, body.data.confirm), {
    headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
  });
});

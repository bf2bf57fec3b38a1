import { NextResponse } from 'next/server';
import { previewEnrolment } from '@/lib/migrate';
import { enrolPlans } from '@/lib/server/enrol';
import { connected, parseBody } from '@/lib/server/respond';
import { EnrolPreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** One preview of every applicable step of one namespace or a wave: dry runs and diffs, grouped by step. */
export async function POST(req: Request) {
  const body = await parseBody(req, EnrolPreviewBody);
  if (!body.ok) return body.res;
  const c = await connected();
  if (!c.ok) return c.res;
  const plans = enrolPlans(c.conn.source, body.data.namespaces, body.data.gatewayClass);
  return NextResponse.json(await previewEnrolment(c.conn.source, plans));
}

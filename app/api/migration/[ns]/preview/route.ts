import { NextResponse } from 'next/server';
import { previewStep } from '@/lib/migrate';
import { currentPlan } from '@/lib/server/migration';
import { badRequest, connected, parseBody, validNamespace } from '@/lib/server/respond';
import { PreviewBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/** Server-side dry run of every object, patch and delete of a step, with diffs against live state. */
export async function POST(req: Request, { params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const body = await parseBody(req, PreviewBody);
  if (!body.ok) return body.res;
  const c = await connected();
  if (!c.ok) return c.res;
  const plan = currentPlan(c.conn.source, ns, body.data.gatewayClass, body.data.certificates);
  return NextResponse.json(await previewStep(c.conn.source, plan, body.data.step));
}

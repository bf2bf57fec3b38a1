import { NextResponse } from 'next/server';
import { DEFAULT_CLASS } from '@/lib/convert/targets/types';
import { badRequest, connected } from '@/lib/server/respond';
import { routesView } from '@/lib/views/routes';
import { parseRoutesParams } from '@/lib/views/routes-params';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const parsed = parseRoutesParams(new URL(req.url).searchParams);
  if (!parsed.success) return badRequest(parsed.error.issues.map((i) => i.message).join('; '));
  const c = await connected();
  if (!c.ok) return c.res;
  const p = parsed.data;
  return NextResponse.json(
    routesView(c.conn.source.snapshot().resources, p.namespace, {
      gatewayClassName: p.gatewayClass ?? DEFAULT_CLASS[p.target],
      channel: p.channel,
      target: p.target,
    }),
  );
}

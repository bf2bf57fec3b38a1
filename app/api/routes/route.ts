import { NextResponse } from 'next/server';
import { getConnection } from '@/lib/cluster/registry';
import { routesView } from '@/lib/views/routes';
import { parseRoutesParams } from '@/lib/views/routes-params';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const parsed = parseRoutesParams(new URL(req.url).searchParams);
  if (!parsed.success)
    return NextResponse.json(
      { error: parsed.error.issues.map((i) => i.message).join('; ') },
      { status: 400 },
    );
  const conn = await getConnection();
  if (conn.error) return NextResponse.json({ error: conn.error }, { status: 503 });
  const p = parsed.data;
  return NextResponse.json(
    routesView(conn.source.snapshot().resources, p.namespace, {
      gatewayClassName: p.gatewayClass,
      channel: p.channel,
    }),
  );
}

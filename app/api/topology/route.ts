import { NextResponse } from 'next/server';
import { getConnection } from '@/lib/cluster/registry';
import { topologyView } from '@/lib/server/topology';
import { parseTopologyParams } from '@/lib/views/topology';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const conn = await getConnection();
  if (conn.error) return NextResponse.json({ error: conn.error }, { status: 503 });
  const params = parseTopologyParams(new URL(req.url).searchParams);
  return NextResponse.json(await topologyView(conn.source, params));
}

import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { topologyView } from '@/lib/server/topology';
import { parseTopologyParams } from '@/lib/views/topology';

export const dynamic = 'force-dynamic';

export const GET = route({ write: false }, async (ctx, req) => {
  const params = parseTopologyParams(new URL(req.url).searchParams);
  return NextResponse.json(await topologyView(ctx.conn.source.snapshot(), params));
});

import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { summaryView } from '@/lib/server/summary';

export const dynamic = 'force-dynamic';

export const GET = route({ write: false }, async (ctx) =>
  NextResponse.json(await summaryView(ctx.conn.source)),
);

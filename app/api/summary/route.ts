import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { summaryView } from '@/lib/server/summary';

export const dynamic = 'force-dynamic';

export const GET = route({ write: false }, (ctx) =>
  NextResponse.json(summaryView(ctx.conn.source.snapshot())),
);

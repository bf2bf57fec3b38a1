import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { migrationOverview } from '@/lib/server/migration';

export const dynamic = 'force-dynamic';

export const GET = route({ write: false }, async (ctx) =>
  NextResponse.json(await migrationOverview(ctx.conn.source)),
);

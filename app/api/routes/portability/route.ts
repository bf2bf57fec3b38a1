import { NextResponse } from 'next/server';
import { portabilityReport } from '@/lib/convert/portability';
import { route } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

/** Portability of every source of the cluster to each target (standard, target policy, cannot carry). */
export const GET = route({ write: false }, (ctx) =>
  NextResponse.json(portabilityReport(ctx.conn.source.snapshot().resources)),
);

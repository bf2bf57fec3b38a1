import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { platformView } from '@/lib/server/platform';

export const dynamic = 'force-dynamic';

/** Savings, ingress certificates, load-balancer addresses and the mesh CA. */
export const GET = route({ write: false }, async (ctx) =>
  NextResponse.json(await platformView(ctx.conn.source.snapshot())),
);

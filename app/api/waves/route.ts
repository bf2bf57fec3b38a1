import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { saveWaves, wavesView } from '@/lib/server/waves';
import { readOnlyRefusal } from '@/lib/server/write-step';

export const dynamic = 'force-dynamic';

/** The cluster-wide wave plan and the saved waves. */
export const GET = route({ write: false }, async (ctx) =>
  NextResponse.json(await wavesView(ctx.conn.source)),
);

/** Saves the operator's waves in the cluster, as the user; 403 when writes are off for the request. */
export const PUT = route({ write: true }, async (ctx, req) => {
  const ro = readOnlyRefusal(ctx);
  if (ro) return ro;
  const r = await saveWaves(ctx.writer, await req.json().catch(() => undefined));
  return r.ok ? NextResponse.json(r.saved) : NextResponse.json({ error: r.error }, { status: r.status });
});

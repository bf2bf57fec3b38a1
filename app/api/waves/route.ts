import { NextResponse } from 'next/server';
import { connected } from '@/lib/server/respond';
import { saveWaves, wavesView } from '@/lib/server/waves';

export const dynamic = 'force-dynamic';

/** The cluster-wide wave plan and the saved waves. */
export async function GET() {
  const c = await connected();
  if (!c.ok) return c.res;
  return NextResponse.json(await wavesView(c.conn.source));
}

/** Saves the operator's waves in the cluster. */
export async function PUT(req: Request) {
  const c = await connected();
  if (!c.ok) return c.res;
  const r = await saveWaves(c.conn.source, await req.json().catch(() => undefined));
  return r.ok ? NextResponse.json(r.saved) : NextResponse.json({ error: r.error }, { status: r.status });
}

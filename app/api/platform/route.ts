import { NextResponse } from 'next/server';
import { platformView } from '@/lib/server/platform';
import { connected } from '@/lib/server/respond';

export const dynamic = 'force-dynamic';

/** Handler body kept plain so it moves onto the shared route wrapper unchanged. */
export async function GET() {
  const c = await connected();
  if (!c.ok) return c.res;
  return NextResponse.json(await platformView(c.conn.source.snapshot()));
}

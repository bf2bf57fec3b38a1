import { NextResponse } from 'next/server';
import { portabilityReport } from '@/lib/convert/portability';
import { connected } from '@/lib/server/respond';

export const dynamic = 'force-dynamic';

/** Portability of every source of the cluster to each target (standard, target policy, cannot carry). */
export async function GET() {
  const c = await connected();
  if (!c.ok) return c.res;
  return NextResponse.json(portabilityReport(c.conn.source.snapshot().resources));
}

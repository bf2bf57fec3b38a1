import { NextResponse } from 'next/server';
import { migrationOverview } from '@/lib/server/migration';
import { connected } from '@/lib/server/respond';

export const dynamic = 'force-dynamic';

export async function GET() {
  const c = await connected();
  if (!c.ok) return c.res;
  return NextResponse.json(await migrationOverview(c.conn.source));
}

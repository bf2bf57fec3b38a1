import { NextResponse } from 'next/server';
import { getConnection } from '@/lib/cluster/registry';
import { summaryView } from '@/lib/server/summary';

export const dynamic = 'force-dynamic';

export async function GET() {
  const conn = await getConnection();
  if (conn.error) return NextResponse.json({ error: conn.error }, { status: 503 });
  return NextResponse.json(await summaryView(conn.source));
}

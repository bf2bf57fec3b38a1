import { NextResponse } from 'next/server';
import { getConnection } from '@/lib/cluster/registry';
import { namespaceDetailView } from '@/lib/server/summary';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const conn = await getConnection();
  if (conn.error) return NextResponse.json({ error: conn.error }, { status: 503 });
  const view = await namespaceDetailView(conn.source, name);
  if (!view) return NextResponse.json({ error: `namespace "${name}" not found` }, { status: 404 });
  return NextResponse.json(view);
}

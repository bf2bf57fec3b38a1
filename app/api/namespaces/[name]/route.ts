import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { namespaceDetailView } from '@/lib/server/summary';

export const dynamic = 'force-dynamic';

export const GET = route<{ name: string }>({ write: false }, async (ctx, _req, { name }) => {
  const view = await namespaceDetailView(ctx.conn.source, name);
  if (!view) return NextResponse.json({ error: `namespace "${name}" not found` }, { status: 404 });
  return NextResponse.json(view);
});

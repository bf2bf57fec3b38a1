import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { namespaceDetailView } from '@/lib/server/summary';

export const dynamic = 'force-dynamic';

export const GET = route<{ name: string }>({ write: false }, (ctx, _req, { name }) => {
  const view = namespaceDetailView(ctx.conn.source.snapshot(), name);
  if (!view) return NextResponse.json({ error: `namespace "${name}" not found` }, { status: 404 });
  return NextResponse.json(view);
});

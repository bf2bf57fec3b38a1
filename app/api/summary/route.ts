import { route } from '@/lib/server/handler';
import { summaryJson } from '@/lib/server/summary';

export const dynamic = 'force-dynamic';

export const GET = route(
  { write: false },
  async (ctx) =>
    new Response(await summaryJson(ctx.conn.source), { headers: { 'content-type': 'application/json' } }),
);

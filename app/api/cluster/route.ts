import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getConnection, setReadOnly, switchConnection } from '@/lib/cluster/registry';
import { clusterStatus } from '@/lib/server/status';

export const dynamic = 'force-dynamic';

export async function GET() {
  const conn = await getConnection();
  return NextResponse.json(await clusterStatus(conn));
}

const Body = z.union([
  z.object({ action: z.literal('switch'), source: z.literal('demo') }),
  z.object({ action: z.literal('switch'), source: z.literal('kube'), context: z.string().min(1) }),
  z.object({ action: z.literal('readOnly'), value: z.boolean() }),
]);

export async function POST(req: Request) {
  const parsed = Body.safeParse(await req.json().catch(() => undefined));
  if (!parsed.success) {
    return NextResponse.json(
      { error: `invalid request: ${parsed.error.issues.map((i) => i.message).join('; ')}` },
      { status: 400 },
    );
  }
  const body = parsed.data;
  try {
    if (body.action === 'readOnly') {
      setReadOnly(body.value);
      return NextResponse.json(await clusterStatus(await getConnection()));
    }
    const conn = await switchConnection(
      body.source === 'demo' ? { source: 'demo' } : { source: 'kube', context: body.context },
    );
    return NextResponse.json(await clusterStatus(conn));
  } catch (e) {
    return NextResponse.json({ error: (e as Error).message }, { status: 400 });
  }
}

import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

/** Liveness of the dashboard process itself; cluster reachability is shown in the UI, not here. */
export function GET() {
  return NextResponse.json({ ok: true });
}

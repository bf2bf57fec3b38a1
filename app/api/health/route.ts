import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

/**
 * Liveness of the dashboard process itself; cluster reachability is shown in the UI, not here.
 * Answers any Host (the kubelet probes the pod's IP) and says nothing else.
 */
export function GET() {
  return NextResponse.json({ ok: true });
}

import { NextResponse } from 'next/server';
import { publicRoute } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

/** Liveness of the dashboard process itself; cluster reachability is shown in the UI, not here. */
export const GET = publicRoute({ write: false }, () => NextResponse.json({ ok: true }));

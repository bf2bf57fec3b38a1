import { NextResponse } from 'next/server';
import { publicRoute } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

/** Liveness of the dashboard process itself; cluster reachability is shown in the UI, not here. */
// Probes name the pod's address as Host: liveness says nothing about the cluster, so any Host may ask.
export const GET = publicRoute({ write: false, anyHost: true }, () => NextResponse.json({ ok: true }));

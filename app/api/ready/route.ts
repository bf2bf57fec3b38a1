import { NextResponse } from 'next/server';
import { getConnection } from '@/lib/cluster/registry';
import { publicRoute } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

/**
 * Readiness: 200 once the shared cache has listed every kind, 503 until then or while the cluster
 * cannot be reached. Answers within a second either way and any Host (the kubelet probes the
 * pod's IP), so it says no more than that.
 */
export const GET = publicRoute({ write: false, anyHost: true }, async () => {
  const pending = Symbol('pending');
  const conn = await Promise.race([
    getConnection(),
    new Promise<typeof pending>((resolve) => setTimeout(() => resolve(pending), 1_000).unref()),
  ]);
  if (conn === pending)
    return NextResponse.json({ ready: false, reason: 'loading the cluster' }, { status: 503 });
  if (conn.error)
    return NextResponse.json({ ready: false, reason: 'the cluster cannot be reached' }, { status: 503 });
  return NextResponse.json({ ready: true });
});

import { NextResponse } from 'next/server';
import { sessionCookie } from '@/lib/auth/identity';
import type { Session } from '@/lib/auth/session';
import { getConnection } from '@/lib/cluster/registry';
import { requestContext } from '@/lib/server/context';
import { refuse, route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { clusterStatus } from '@/lib/server/status';
import { ClusterActionBody } from '@/lib/views/cluster-params';

export const dynamic = 'force-dynamic';

export const GET = route({ write: false, allowDisconnected: true }, async (ctx) =>
  NextResponse.json(await clusterStatus(ctx)),
);

/**
 * Changes this session only: its read-only switch, and in local mode the context it looks at.
 * Nothing here changes what other sessions see or lifts MESH_MIGRATOR_READ_ONLY.
 */
export const POST = route({ write: true, allowDisconnected: true }, async (ctx, req) => {
  const body = await parseBody(req, ClusterActionBody);
  if (!body.ok) return body.res;
  const session = ctx.session as Session;
  let next: Session;
  if (body.data.action === 'readOnly') {
    if (!body.data.value && ctx.auth.readOnlyPolicy)
      return refuse({
        status: 403,
        error: 'the server runs read-only (MESH_MIGRATOR_READ_ONLY): no session can turn writes on',
      });
    next = { ...session, readOnly: body.data.value };
  } else {
    if (ctx.auth.mode !== 'local')
      return refuse({
        status: 403,
        error: 'only local mode switches contexts; this server watches one cluster for every user',
      });
    const { source, context } = body.data;
    if (source === 'kube' && !context)
      return refuse({ status: 400, error: 'context is required to switch to a kubeconfig context' });
    const choice =
      source === 'kube' && context ? ({ source: 'kube', context } as const) : ({ source: 'demo' } as const);
    try {
      await getConnection(choice);
    } catch (e) {
      return refuse({ status: 400, error: (e as Error).message });
    }
    next = { ...session, source: choice.source === 'demo' ? 'demo' : `kube:${choice.context}` };
  }
  const cookie = await sessionCookie(next, ctx.auth);
  // The status as the new session sees it.
  const headers = new Headers(req.headers);
  headers.set('cookie', cookie.split(';')[0] as string);
  const built = await requestContext(headers);
  const res = built.ok ? NextResponse.json(await clusterStatus(built.ctx)) : refuse(built);
  res.headers.append('set-cookie', cookie);
  return res;
});

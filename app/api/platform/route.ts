import { NextResponse } from 'next/server';
import type { UserAccess } from '@/lib/auth/access';
import { route } from '@/lib/server/handler';
import { platformView } from '@/lib/server/platform';
import { badRequest, validNamespace } from '@/lib/server/respond';

export const dynamic = 'force-dynamic';

/**
 * Savings, ingress certificates, load-balancer addresses and the mesh CA. `?namespace=` judges the
 * MetalLB addresses for that namespace's plan alone (its migration page), as the plan does.
 */
export const GET = route({ write: false }, async (ctx, req) => {
  const namespace = new URL(req.url).searchParams.get('namespace') ?? undefined;
  if (namespace !== undefined && !validNamespace(namespace))
    return badRequest('namespace must be a DNS label');
  const access = (ctx.conn.source as { access?: UserAccess }).access;
  return NextResponse.json(
    await platformView(ctx.conn.source.snapshot(), {
      ...(access ? { access } : {}),
      ...(namespace ? { namespace } : {}),
    }),
  );
});

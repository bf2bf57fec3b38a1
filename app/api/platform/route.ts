import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { accessOf, platformView } from '@/lib/server/platform';
import { badRequest, validNamespace } from '@/lib/server/respond';
import { telemetrySource } from '@/lib/server/telemetry';

export const dynamic = 'force-dynamic';

/**
 * Savings, ingress certificates, load-balancer addresses and the mesh CA. `?namespace=` judges the
 * MetalLB addresses for that namespace's plan alone (its migration page), as the plan does.
 */
export const GET = route({ write: false }, async (ctx, req) => {
  const namespace = new URL(req.url).searchParams.get('namespace') ?? undefined;
  if (namespace !== undefined && !validNamespace(namespace))
    return badRequest('namespace must be a DNS label');
  const source = ctx.conn.source;
  const access = accessOf(source);
  const telemetry = telemetrySource(source);
  return NextResponse.json(
    await platformView(source.snapshot(), {
      ...(access ? { access } : {}),
      ...(telemetry ? { telemetry } : {}),
      ...(namespace ? { namespace } : {}),
    }),
  );
});

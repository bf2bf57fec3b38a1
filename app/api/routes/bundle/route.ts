import { DEFAULT_CLASS } from '@/lib/convert/targets/types';
import { route } from '@/lib/server/handler';
import { badRequest } from '@/lib/server/respond';
import { routesBundle } from '@/lib/views/routes';
import { parseRoutesParams } from '@/lib/views/routes-params';

export const dynamic = 'force-dynamic';

/** The namespace's converted resources as one YAML file to download. */
export const GET = route({ write: false }, (ctx, req) => {
  const parsed = parseRoutesParams(new URL(req.url).searchParams);
  if (!parsed.success) return badRequest(parsed.error.issues.map((i) => i.message).join('; '));
  const p = parsed.data;
  const text = routesBundle(ctx.conn.source.snapshot().resources, p.namespace, {
    gatewayClassName: p.gatewayClass ?? DEFAULT_CLASS[p.target],
    channel: p.channel,
    target: p.target,
  });
  return new Response(text, {
    headers: {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': `attachment; filename="gateway-api-${p.namespace}.yaml"`,
    },
  });
});

import { DEFAULT_CLASS } from '@/lib/convert/targets/types';
import { badRequest, connected } from '@/lib/server/respond';
import { routesBundle } from '@/lib/views/routes';
import { parseRoutesParams } from '@/lib/views/routes-params';

export const dynamic = 'force-dynamic';

/** The namespace's converted resources as one YAML file to download. */
export async function GET(req: Request) {
  const parsed = parseRoutesParams(new URL(req.url).searchParams);
  if (!parsed.success) return badRequest(parsed.error.issues.map((i) => i.message).join('; '));
  const c = await connected();
  if (!c.ok) return c.res;
  const p = parsed.data;
  const text = routesBundle(c.conn.source.snapshot().resources, p.namespace, {
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
}

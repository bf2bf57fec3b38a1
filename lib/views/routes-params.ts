import { z } from 'zod';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Query parameters of the Routes API, validated at the trust boundary. */
export const RoutesParams = z.object({
  namespace: z.string().regex(NAME, 'namespace must be a DNS name'),
  gatewayClass: z.string().regex(NAME, 'gateway class must be a DNS name').default('istio'),
  channel: z.enum(['standard', 'experimental']).default('standard'),
});

export type RoutesParams = z.infer<typeof RoutesParams>;

export function parseRoutesParams(q: URLSearchParams) {
  return RoutesParams.safeParse({
    namespace: q.get('namespace') ?? undefined,
    gatewayClass: q.get('gatewayClass') || undefined,
    channel: q.get('channel') || undefined,
  });
}

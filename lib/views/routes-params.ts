import { z } from 'zod';
import { TARGETS } from '../convert/targets/types';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Query parameters of the Routes API, validated at the trust boundary. */
export const RoutesParams = z.object({
  namespace: z.string({ error: 'namespace is required' }).regex(NAME, 'namespace must be a DNS name'),
  gatewayClass: z.string().regex(NAME, 'gateway class must be a DNS name').optional(),
  channel: z.enum(['standard', 'experimental']).default('standard'),
  target: z.enum(TARGETS).default('istio'),
});

export type RoutesParams = z.infer<typeof RoutesParams>;

export function parseRoutesParams(q: URLSearchParams) {
  return RoutesParams.safeParse({
    namespace: q.get('namespace') ?? undefined,
    gatewayClass: q.get('gatewayClass') || undefined,
    channel: q.get('channel') || undefined,
    target: q.get('target') || undefined,
  });
}

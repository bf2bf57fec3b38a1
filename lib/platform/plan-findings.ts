/**
 * The certificate and load-balancer findings of one namespace's migration: what happens to the
 * ingress certificates and LoadBalancer addresses when its Istio Gateways become Gateway API
 * Gateways (the `create-routes` step). Pure; `now` is passed in.
 */
import type { ResourceSet } from '../cluster/snapshot';
import type { Finding } from '../migrate/types';
import { gatewayCredentials } from './certificates';
import { loadBalancers } from './load-balancers';

/**
 * Findings of the Gateways of `ns`: a certificate not Ready or expiring within 30 days (warning),
 * a MetalLB pool without a free address for the new Gateway (blocker), no load-balancer provider
 * (warning). Only this namespace's Istio Gateways count as new, so the pool is judged as it
 * stands before the move. Each finding names the step that creates the Gateway.
 */
export function platformPlanFindings(resources: ResourceSet, ns: string, now?: Date): Finding[] {
  if (!resources.istiogateways.some((g) => g.metadata.namespace === ns)) return [];
  const certs = gatewayCredentials(resources, now, ns).flatMap((c) => c.findings);
  const addresses = loadBalancers(resources, { plannedNamespaces: new Set([ns]) })
    .gateways.filter((g) => g.planned && g.namespace === ns)
    .flatMap((g) => g.findings);
  return [...certs, ...addresses].map((f) => ({ ...f, step: 'create-routes' as const }));
}

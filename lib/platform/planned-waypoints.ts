/** Which namespaces the migration would give a new waypoint. Pure. */
import type { ResourceSet } from '../cluster/snapshot';
import { sidecarEvidence } from '../mesh/pod';
import { convertForPlan } from '../migrate/conversion';
import { l7Reasons } from '../migrate/plan-waypoint';

/** Namespaces with sidecars whose plan deploys a waypoint because L7 features are in use. */
export function namespacesNeedingWaypoint(resources: ResourceSet, gatewayClassName?: string): Set<string> {
  const withSidecars = new Set(
    resources.pods.filter((p) => sidecarEvidence(p) !== undefined).map((p) => p.metadata.namespace ?? ''),
  );
  const out = new Set<string>();
  for (const ns of [...withSidecars].sort()) {
    if (l7Reasons(resources, ns, convertForPlan(resources, ns, gatewayClassName)).length > 0) out.add(ns);
  }
  return out;
}

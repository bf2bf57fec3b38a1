import type { ResourceSet } from '../../cluster/snapshot';
import { arr, rec, str } from '../../mesh/fields';
import type { WaypointRef } from '../../mesh/waypoints';

const L7_OPERATION = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];

function principalMatches(pattern: string, principal: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return principal.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return principal.endsWith(pattern.slice(1));
  return pattern === principal;
}

/** The SPIFFE principal of a waypoint (its proxy runs as a service account named after the Gateway). */
export function waypointPrincipal(w: WaypointRef): string {
  return `cluster.local/ns/${w.namespace}/sa/${w.name}`;
}

/**
 * True when a namespace-wide L4 DENY AuthorizationPolicy in `namespace` matches the waypoint's
 * identity: ztunnel enforces it on the hop from the waypoint, so requests through it fail.
 */
export function deniesWaypoint(resources: ResourceSet, namespace: string, w: WaypointRef): boolean {
  const principal = waypointPrincipal(w);
  for (const p of resources.authorizationpolicies) {
    if (p.metadata.namespace !== namespace) continue;
    const spec = rec(p.spec) ?? {};
    if (str(spec.action) !== 'DENY' || spec.selector || spec.targetRef || spec.targetRefs) continue;
    for (const rule of arr(spec.rules)) {
      const r = rec(rule) ?? {};
      const l7 = arr(r.to).some((t) => L7_OPERATION.some((k) => rec(rec(t)?.operation)?.[k] !== undefined));
      if (l7) continue;
      const froms = arr(r.from);
      const matches = froms.some((f) =>
        arr(rec(rec(f)?.source)?.principals).some(
          (x) => typeof x === 'string' && principalMatches(x, principal),
        ),
      );
      if (matches) return true;
    }
  }
  return false;
}

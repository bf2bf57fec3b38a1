import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { indexOf } from '../model/cluster-index';
import { resolveHost } from '../model/hosts';

/**
 * The Service (`namespace/name`) an Istio host names, short names relative to `ns`, through the
 * shared resolver (`lib/model/hosts.ts`); undefined for ServiceEntry, external or wildcard hosts.
 * With `resources`, `name.namespace` counts when that Service exists, as in the converter.
 */
export function hostToService(
  host: string,
  ns: string,
  resources?: ResourceSet,
): { namespace: string; name: string } | undefined {
  const ix = resources ? indexOf(resources) : undefined;
  const r = resolveHost<never>(host, ns, {
    hasService: ix ? (n, name) => ix.find('services', n, name) !== undefined : undefined,
  });
  return r.kind === 'service' ? { namespace: r.namespace, name: r.name } : undefined;
}

/** True when a VirtualService applies to east-west (sidecar / waypoint) traffic: no gateways or `mesh` listed. */
export function isMeshVirtualService(vs: KubeObject): boolean {
  const gateways = arr(rec(vs.spec)?.gateways)
    .map(str)
    .filter((g) => g !== undefined);
  return gateways.length === 0 || gateways.includes('mesh');
}

/** Services (`namespace/name`) a VirtualService's `hosts` name. */
export function virtualServiceServices(vs: KubeObject, resources?: ResourceSet): string[] {
  const ns = vs.metadata.namespace ?? '';
  const out = new Set<string>();
  for (const h of arr(rec(vs.spec)?.hosts)) {
    const host = str(h);
    const svc = host ? hostToService(host, ns, resources) : undefined;
    if (svc) out.add(`${svc.namespace}/${svc.name}`);
  }
  return [...out].sort();
}

/** Services (`namespace/name`) a route attaches to with a GAMMA `parentRef` (kind Service). */
export function routeParentServices(route: KubeObject): string[] {
  const ns = route.metadata.namespace ?? '';
  const out = new Set<string>();
  for (const p of arr(rec(route.spec)?.parentRefs)) {
    const r = rec(p);
    if (str(r?.kind) !== 'Service' || (str(r?.group) ?? '') !== '') continue;
    const name = str(r?.name);
    if (name) out.add(`${str(r?.namespace) ?? ns}/${name}`);
  }
  return [...out].sort();
}

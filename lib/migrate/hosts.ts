import type { KubeObject } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';

/**
 * Resolves an Istio host (`reviews`, `reviews.shop`, `reviews.shop.svc.cluster.local`) to a
 * Service `namespace/name`, short names relative to `ns`; undefined for external or wildcard hosts.
 */
export function hostToService(
  host: string,
  ns: string,
  clusterDomain = 'cluster.local',
): { namespace: string; name: string } | undefined {
  if (host.includes('*')) return undefined;
  const parts = host.split('.');
  const [name, namespace] = parts;
  if (!name) return undefined;
  if (parts.length === 1) return { namespace: ns, name };
  if (!namespace) return undefined;
  const rest = parts.slice(2).join('.');
  if (rest === '' || rest === 'svc' || rest === `svc.${clusterDomain}`) return { namespace, name };
  return undefined;
}

/** True when a VirtualService applies to east-west (sidecar / waypoint) traffic: no gateways or `mesh` listed. */
export function isMeshVirtualService(vs: KubeObject): boolean {
  const gateways = arr(rec(vs.spec)?.gateways)
    .map(str)
    .filter((g) => g !== undefined);
  return gateways.length === 0 || gateways.includes('mesh');
}

/** Services (`namespace/name`) a VirtualService's `hosts` name. */
export function virtualServiceServices(vs: KubeObject): string[] {
  const ns = vs.metadata.namespace ?? '';
  const out = new Set<string>();
  for (const h of arr(rec(vs.spec)?.hosts)) {
    const host = str(h);
    const svc = host ? hostToService(host, ns) : undefined;
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

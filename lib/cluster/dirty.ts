import type { KindKey } from '../k8s/kinds';
import { kindByKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import type { ChangeEvent } from './source';

/** What a change may have altered: a few namespaces' results, or everything. */
export type DirtyScope = { all: true } | { all: false; namespaces: string[] };

/** Istio's root namespace: mesh-wide policies and the control plane live there. */
export const ROOT_NAMESPACE = 'istio-system';

/**
 * Kinds other namespaces read by reference (DestinationRule subsets, ServiceEntry hosts, Gateways
 * routes bind to, waypoints, ReferenceGrants): a change marks every namespace. They change rarely;
 * pods, workloads and Services, which churn, mark only their namespace and its referrers.
 */
const CLUSTER_READ: ReadonlySet<KindKey> = new Set<KindKey>([
  'destinationrules',
  'serviceentries',
  'istiogateways',
  'gateways',
  'gatewayclasses',
  'referencegrants',
  'customresourcedefinitions',
  'sidecars',
  'workloadentries',
  // What the platform findings of every plan read: address pools and their announcements, issuers
  // and certificates, ingress classes.
  'ipaddresspools',
  'l2advertisements',
  'bgpadvertisements',
  'certificates',
  'issuers',
  'clusterissuers',
  'ingressclasses',
]);

/** A LoadBalancer Service takes an address from a pool every namespace's Gateways draw on. */
function takesPoolAddress(kind: KindKey, obj: KubeObject): boolean {
  if (kind !== 'services') return false;
  const spec = obj.spec as { type?: unknown } | undefined;
  return spec?.type === 'LoadBalancer';
}

/**
 * The namespaces a change makes stale. `referrers(ns)` names the namespaces whose rules point at
 * `ns` (routes to its Services), which are recomputed with it.
 */
export function dirtyScope(
  event: ChangeEvent,
  referrers: (ns: string) => Iterable<string> = () => [],
): DirtyScope {
  const all: DirtyScope = { all: true };
  if (!event.kind || event.type === 'RESYNC' || event.type === 'STATUS') return all;
  if (CLUSTER_READ.has(event.kind)) return all;
  const obj: KubeObject | undefined = event.object;
  if (!obj) return all;
  if (takesPoolAddress(event.kind, obj)) return all;
  if (event.kind !== 'namespaces' && !kindByKey(event.kind).namespaced) return all;
  const ns = event.kind === 'namespaces' ? obj.metadata.name : obj.metadata.namespace;
  if (!ns) return all;
  if (ns === ROOT_NAMESPACE) return all;
  return { all: false, namespaces: [...new Set([ns, ...referrers(ns)])].sort() };
}

import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert/types';
import { type KubeObject, objectRef } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { indexOf } from '../model/cluster-index';
import { sentTo, virtualServiceOf } from '../model/istio/read';
import { hostToService } from './hosts';

import type { PlannedDelete, PlannedPatch } from './types';

const toDelete = (o: KubeObject, reason: string): PlannedDelete => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
  reason,
});

const EXISTS_KINDS = [
  'httproutes',
  'grpcroutes',
  'tcproutes',
  'tlsroutes',
  'authorizationpolicies',
  'requestauthentications',
  'wasmplugins',
  'services',
] as const;

function exists(resources: ResourceSet, ref: string): boolean {
  const refs = indexOf(resources).memo(
    'cleanup-refs',
    () => {
      const out = new Set<string>();
      for (const k of EXISTS_KINDS) for (const o of resources[k]) out.add(objectRef(o));
      return out;
    },
    EXISTS_KINDS,
  );
  return refs.has(ref);
}

/** True when the VirtualService serves only east-west traffic (`gateways` empty or just `mesh`). */
function meshOnly(vs: KubeObject): boolean {
  const gateways = arr(rec(vs.spec)?.gateways).map(str);
  return gateways.every((g) => g === 'mesh');
}

/** Converted VirtualServices that may go: mesh-only, and every generated route is in the cluster. */
export function convertedVirtualServices(
  resources: ResourceSet,
  ns: string,
  conversion: ConversionResult,
): PlannedDelete[] {
  return indexOf(resources)
    .objects('virtualservices', ns)
    .filter(meshOnly)
    .filter((vs) => {
      const outputs = conversion.sources.find((s) => s.source === objectRef(vs))?.outputs ?? [];
      const routes = outputs.filter((o) => /^(HTTPRoute|GRPCRoute|TCPRoute|TLSRoute)\//.test(o));
      return routes.length > 0 && outputs.every((o) => exists(resources, o));
    })
    .map((vs) => toDelete(vs, 'converted to Gateway API routes, which are in the cluster'));
}

/** Selector-based L7 policies whose targetRefs copy is in the cluster. */
export function copiedPolicies(
  resources: ResourceSet,
  copies: { source: KubeObject; copy: KubeObject }[],
): PlannedDelete[] {
  return copies
    .filter((c) => exists(resources, objectRef(c.copy)))
    .map((c) => toDelete(c.source, `replaced by ${objectRef(c.copy)} on the waypoint`));
}

/** `namespace/service/subset` → the VirtualServices routing to it; built once per snapshot. */
function subsetUsers(resources: ResourceSet): { users: Map<string, string[]>; byVs: Map<string, string[]> } {
  return indexOf(resources).memo('subset-users', () => {
    const users = new Map<string, string[]>();
    const byVs = new Map<string, string[]>();
    for (const vs of resources.virtualservices) {
      const ref = objectRef(vs);
      const ns = vs.metadata.namespace ?? '';
      const keys = new Set<string>();
      for (const { destination: d } of sentTo(virtualServiceOf(vs))) {
        const svc = d.subset ? hostToService(d.host, ns, resources) : undefined;
        if (svc && d.subset) keys.add(`${svc.namespace}/${svc.name}/${d.subset}`);
      }
      byVs.set(ref, [...keys]);
      for (const k of keys) users.set(k, [...(users.get(k) ?? []), ref]);
    }
    return { users, byVs };
  }, ['virtualservices', 'services']);
}

/** Subsets the `removed` VirtualServices route to and no other VirtualService does. */
function freedSubsets(resources: ResourceSet, removed: Set<string>): Set<string> {
  const { users, byVs } = subsetUsers(resources);
  const freed = new Set<string>();
  for (const vs of removed)
    for (const k of byVs.get(vs) ?? []) if ((users.get(k) ?? []).every((u) => removed.has(u))) freed.add(k);
  return freed;
}

/**
 * DestinationRule subsets that the `removed` VirtualServices used and no other VirtualService
 * uses: a rule left with only its host is deleted; otherwise its `subsets` list is trimmed
 * (traffic policy stays). Subsets nothing used before are not this migration's business.
 */
export function unusedSubsets(
  resources: ResourceSet,
  ns: string,
  removed: Set<string>,
): { deletes: PlannedDelete[]; patches: PlannedPatch[] } {
  const freed = freedSubsets(resources, removed);
  const deletes: PlannedDelete[] = [];
  const patches: PlannedPatch[] = [];
  for (const dr of indexOf(resources).objects('destinationrules', ns)) {
    const spec = rec(dr.spec) ?? {};
    const subsets = arr(spec.subsets);
    const host = str(spec.host);
    const svc = host ? hostToService(host, ns, resources) : undefined;
    if (subsets.length === 0 || !svc) continue;
    const keep = subsets.filter((s) => !freed.has(`${svc.namespace}/${svc.name}/${str(rec(s)?.name) ?? ''}`));
    if (keep.length === subsets.length) continue;
    const otherFields = Object.keys(spec).filter((k) => k !== 'host' && k !== 'subsets');
    if (keep.length === 0 && otherFields.length === 0) {
      deletes.push(toDelete(dr, 'holds only subsets that no VirtualService uses after the clean-up'));
      continue;
    }
    const dropped = subsets
      .filter((s) => !keep.includes(s))
      .map((s) => str(rec(s)?.name))
      .join(', ');
    patches.push({
      target: { apiVersion: dr.apiVersion, kind: dr.kind, namespace: ns, name: dr.metadata.name },
      patch: { spec: { subsets: keep.length ? keep : null } },
      description: `remove unused subset(s) ${dropped} from DestinationRule ${dr.metadata.name} (its traffic policy stays)`,
    });
  }
  return { deletes, patches };
}

import type { KubeObject } from '../k8s/objects';
import type { ClusterIndex } from './cluster-index';
import { serviceOfHost } from './hosts';
import { sentTo, virtualServiceOf } from './istio/read';

const ROUTE_KINDS = ['httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every `destination.host` in a VirtualService spec, at any depth (http, tcp, tls, mirror). */
/** Namespaces a route object points into: Gateway API backendRefs/parentRefs, VirtualService hosts. */
function targetNamespaces(obj: KubeObject): Set<string> {
  const own = obj.metadata.namespace ?? '';
  const out = new Set<string>();
  if (obj.kind === 'VirtualService') {
    for (const { destination } of sentTo(virtualServiceOf(obj))) {
      const h = destination.host;
      const svc = serviceOfHost(h, own);
      const parts = h.split('.');
      const ns = svc?.namespace ?? (parts.length === 2 ? parts[1] : undefined);
      if (ns && ns !== own) out.add(ns);
    }
    return out;
  }
  const refs: unknown[] = [];
  const spec = isRecord(obj.spec) ? obj.spec : {};
  if (Array.isArray(spec.parentRefs)) refs.push(...spec.parentRefs);
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
    if (isRecord(rule) && Array.isArray(rule.backendRefs)) refs.push(...rule.backendRefs);
  }
  for (const r of refs)
    if (isRecord(r) && typeof r.namespace === 'string' && r.namespace !== own) out.add(r.namespace);
  return out;
}

/**
 * Which namespaces refer to which: target namespace → namespaces whose routes point into it.
 * A change in a namespace makes its referrers' plans and findings stale too.
 */
export function referrersOf(ix: ClusterIndex): Map<string, Set<string>> {
  return ix.memo('referrers', () => {
    const out = new Map<string, Set<string>>();
    const add = (obj: KubeObject) => {
      for (const target of targetNamespaces(obj)) {
        const set = out.get(target) ?? new Set<string>();
        set.add(obj.metadata.namespace ?? '');
        out.set(target, set);
      }
    };
    for (const vs of ix.resources.virtualservices) add(vs);
    for (const k of ROUTE_KINDS) for (const r of ix.resources[k]) add(r);
    return out;
  }, ['virtualservices', ...ROUTE_KINDS]);
}

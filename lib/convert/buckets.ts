import type { VirtualServiceSpec } from '../model/istio/spec';
import type { ConvertContext } from './context';
import type { ParentRef, RouteKind } from './gateway-api';
import { hostMatches } from './hosts';
import { gatewayKey } from './lookup';
import type { MatchScope } from './match';
import { gatewayParentRefs, meshParentRefs, type VsBinding } from './parents';
import { fieldPath } from './warnings';

/** A set of parents routes are attached to: gateway-bound or mesh, optionally one port. */
export interface ParentSet {
  key: string;
  cls: 'gateway' | 'mesh';
  gateways: string[];
  port?: number;
}

/** The parent sets a match scope (`gateways`, `port` of an Istio match) applies to; empty = none. */
export function scopeParentSets(
  scope: MatchScope,
  binding: VsBinding,
  source: string,
  ctx: ConvertContext,
): ParentSet[] {
  let gateways = binding.gateways;
  let mesh = binding.mesh;
  if (scope.gateways) {
    const named = new Set(scope.gateways.map((g) => gatewayKey(g, ctx.namespace)));
    gateways = gateways.filter((g) => named.has(g));
    mesh = mesh && named.has('mesh');
    if (gateways.length === 0 && !mesh) {
      ctx.report.add(
        'warning',
        fieldPath(source, 'gateways'),
        'match-gateways',
        'the match names no gateway this VirtualService is bound to; Istio never used it, and it is dropped',
      );
      return [];
    }
  }
  const port = scope.port;
  const out: ParentSet[] = [];
  const authority = scope.authority;
  if (authority && gateways.length) {
    const reachable = binding.hosts.some((h) => hostMatches(h, authority));
    if (!reachable) {
      ctx.report.add(
        'warning',
        fieldPath(source, 'authority'),
        'authority-unreachable',
        `authority ${authority} is not among the VirtualService hosts; Istio never matched it on gateways, so it is dropped there`,
      );
      gateways = [];
    } else {
      ctx.report.add(
        'info',
        fieldPath(source, 'authority'),
        'authority-hostname',
        `the rules for ${authority} become a separate gateway route with that hostname`,
      );
    }
  }
  if (authority && mesh) {
    ctx.report.add(
      'warning',
      fieldPath(source, 'authority'),
      'authority-match',
      'mesh routes have no hostname to carry an authority match; on the mesh route the rule matches every host',
    );
  }
  if (gateways.length) {
    out.push({
      key: `gateway|${gateways.join(',')}|${port ?? ''}`,
      cls: 'gateway',
      gateways,
      ...(port !== undefined ? { port } : {}),
    });
  }
  if (mesh)
    out.push({
      key: `mesh||${port ?? ''}`,
      cls: 'mesh',
      gateways: [],
      ...(port !== undefined ? { port } : {}),
    });
  return out;
}

/** The parent sets of the whole VirtualService (no match restriction), in the order routes are named. */
export function defaultParentSets(binding: VsBinding): ParentSet[] {
  const out: ParentSet[] = [];
  if (binding.gateways.length)
    out.push({ key: `gateway|${binding.gateways.join(',')}|`, cls: 'gateway', gateways: binding.gateways });
  if (binding.mesh) out.push({ key: 'mesh||', cls: 'mesh', gateways: [] });
  return out;
}

/** The parentRefs of a parent set for routes of `kind`. */
export function parentRefsOf(
  set: ParentSet,
  kind: RouteKind,
  hostnames: string[] | undefined,
  spec: VirtualServiceSpec,
  ctx: ConvertContext,
): ParentRef[] {
  if (set.cls === 'mesh') return meshParentRefs(spec, set.port, ctx);
  return set.gateways.flatMap((g) => gatewayParentRefs(g, kind, hostnames, set.port, ctx));
}

/** Groups items by parent set, keeping first-seen order; each item lists the sets it belongs to. */
export function groupByParentSet<T>(
  items: { item: T; sets: ParentSet[] }[],
  first: ParentSet[],
): { set: ParentSet; items: T[] }[] {
  const groups = new Map<string, { set: ParentSet; items: T[] }>();
  for (const s of first) groups.set(s.key, { set: s, items: [] });
  for (const { item, sets } of items) {
    for (const s of sets) {
      const g = groups.get(s.key) ?? { set: s, items: [] };
      g.items.push(item);
      groups.set(s.key, g);
    }
  }
  return [...groups.values()].filter((g) => g.items.length > 0);
}

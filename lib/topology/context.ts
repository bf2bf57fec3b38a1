import type { ResourceSet } from '../cluster/snapshot';
import type { ClusterSummary } from '../mesh/views';
import { nodeIds } from './ids';
import type { GraphNode } from './types';

/** What relations read: the cluster, its summary, the nodes built so far and host resolution. */
export interface RelationContext {
  resources: ResourceSet;
  summary: ClusterSummary;
  nodes: Map<string, GraphNode>;
  /**
   * Node id for a host as written in a route (`reviews`, `reviews.shop`, `reviews.shop.svc.cluster.local`,
   * a ServiceEntry host), relative to `namespace`. Unknown hosts get an external node.
   */
  host(host: string, namespace: string): string;
  /** Adds a badge to a node once. */
  badge(nodeId: string, badge: string): void;
}

/** Builds the relation context; ServiceEntry hosts are indexed once (exact and `*.` wildcards). */
export function relationContext(
  resources: ResourceSet,
  summary: ClusterSummary,
  nodes: Map<string, GraphNode>,
): RelationContext {
  const exact = new Map<string, string>();
  const wildcard: [string, string][] = [];
  for (const s of summary.services) {
    if (s.kind !== 'ServiceEntry') continue;
    const id = nodeIds.serviceEntry(s.namespace, s.name);
    for (const h of s.hosts) {
      if (h.startsWith('*.')) wildcard.push([h.slice(1), id]);
      else if (!exact.has(h)) exact.set(h, id);
    }
  }
  const service = (ns: string, name: string) => {
    const id = nodeIds.service(ns, name);
    return nodes.has(id) ? id : undefined;
  };
  return {
    resources,
    summary,
    nodes,
    host(host, namespace) {
      const parts = host.split('.');
      const [name, ns, svc] = parts;
      if (name && parts.length === 1) {
        const id = service(namespace, name);
        if (id) return id;
      } else if (name && ns && (parts.length === 2 || svc === 'svc')) {
        const id = service(ns, name);
        if (id) return id;
      }
      const se = exact.get(host) ?? wildcard.find(([suffix]) => host.endsWith(suffix))?.[1];
      if (se && nodes.has(se)) return se;
      const id = nodeIds.external(host);
      if (!nodes.has(id)) {
        nodes.set(id, {
          id,
          type: 'external',
          namespace: '',
          name: host,
          dataplane: 'none',
          label: host,
          badges: ['unresolved-host'],
        });
      }
      return id;
    },
    badge(nodeId, badge) {
      const n = nodes.get(nodeId);
      if (n && !n.badges.includes(badge)) n.badges.push(badge);
    },
  };
}

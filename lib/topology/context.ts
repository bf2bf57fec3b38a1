import type { ResourceSet } from '../cluster/snapshot';
import type { ClusterSummary } from '../mesh/views';
import { indexOf } from '../model/cluster-index';
import { type HostRegistry, HostTable, normalizeHost, resolveHost } from '../model/hosts';
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
  const entries = new HostTable<string>();
  for (const s of summary.services) {
    if (s.kind === 'ServiceEntry')
      entries.add(s.namespace, s.hosts, nodeIds.serviceEntry(s.namespace, s.name));
  }
  const registry: HostRegistry<string> = {
    hasService: (ns, name) => indexOf(resources).find('services', ns, name) !== undefined,
    serviceEntry: (host, ns) => entries.lookup(host, ns),
  };
  return {
    resources,
    summary,
    nodes,
    host(raw, namespace) {
      // The shared resolver decides which Service a host means; a Service without a node is external.
      const r = resolveHost(raw, namespace, registry);
      if (r.kind === 'service' && nodes.has(nodeIds.service(r.namespace, r.name))) {
        return nodeIds.service(r.namespace, r.name);
      }
      if (r.kind === 'serviceentry' && nodes.has(r.entry)) return r.entry;
      const host = r.kind === 'service' ? normalizeHost(raw) : r.host;
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

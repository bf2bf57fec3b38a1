import { describe, expect, it } from 'vitest';
import { buildLookup } from '../convert';
import { resolveHost as convertResolve } from '../convert/hosts';
import type { KubeObject } from '../k8s/objects';
import { summarizeCluster } from '../mesh/summary';
import { hostToService } from '../migrate/hosts';
import { toResourceSet } from '../testing/generate-cluster';
import { relationContext } from '../topology/context';
import { nodeIds } from '../topology/ids';
import type { GraphNode } from '../topology/types';
import { HostTable, resolveHost } from './hosts';

const svc = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { selector: { app: name }, ports: [{ port: 80 }] },
});
const se = (ns: string, name: string, hosts: string[]): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name, namespace: ns },
  spec: { hosts, location: 'MESH_EXTERNAL', resolution: 'DNS' },
});

const cluster = toResourceSet([
  svc('shop', 'reviews'),
  svc('bookinfo', 'ratings'),
  se('shop', 'partner', ['api.partner.example']),
  se('bookinfo', 'partner-bookinfo', ['api.partner.example']),
  se('shop', 'wild', ['*.wild.example']),
]);

/** Host as written in a rule of namespace `shop`, and what it means. */
const TABLE: [string, string][] = [
  ['reviews', 'service shop/reviews'],
  ['Reviews.', 'service shop/reviews'],
  ['ratings', 'service shop/ratings'],
  ['ratings.bookinfo', 'service bookinfo/ratings'],
  ['ratings.bookinfo.svc', 'service bookinfo/ratings'],
  ['ratings.bookinfo.svc.cluster.local', 'service bookinfo/ratings'],
  ['ratings.bookinfo.svc.cluster.local.', 'service bookinfo/ratings'],
  ['ratings.bookinfo.svc.other.domain', 'external ratings.bookinfo.svc.other.domain'],
  ['missing.bookinfo', 'external missing.bookinfo'],
  ['missing.bookinfo.svc.cluster.local', 'service bookinfo/missing'],
  ['api.partner.example', 'serviceentry shop/partner'],
  ['a.wild.example', 'serviceentry shop/wild'],
  ['wild.example', 'external wild.example'],
  ['*.wild.example', 'wildcard *.wild.example'],
  ['example.com', 'external example.com'],
];

function shared(host: string): string {
  const entries = new HostTable<string>();
  for (const e of cluster.serviceentries)
    entries.add(
      e.metadata.namespace ?? '',
      (e.spec as { hosts: string[] }).hosts,
      `${e.metadata.namespace}/${e.metadata.name}`,
    );
  const r = resolveHost(host, 'shop', {
    hasService: (ns, name) =>
      cluster.services.some((s) => s.metadata.namespace === ns && s.metadata.name === name),
    serviceEntry: (h, ns) => entries.lookup(h, ns),
  });
  if (r.kind === 'service') return `service ${r.namespace}/${r.name}`;
  if (r.kind === 'serviceentry') return `serviceentry ${r.entry}`;
  return `${r.kind} ${r.host}`;
}

function converter(host: string): string {
  const r = convertResolve(host, 'shop', buildLookup(cluster));
  if (r.kind === 'service') return `service ${r.namespace}/${r.name}`;
  if (r.kind === 'serviceentry') return `serviceentry ${r.entry.namespace}/${r.entry.name}`;
  return `${r.kind} ${r.host}`;
}

function topology(host: string): string {
  const summary = summarizeCluster(cluster);
  const nodes = new Map<string, GraphNode>();
  const node = (id: string, namespace: string, name: string): GraphNode => ({
    id,
    type: 'service',
    namespace,
    name,
    dataplane: 'none',
    label: name,
    badges: [],
  });
  for (const s of cluster.services) {
    const id = nodeIds.service(s.metadata.namespace ?? '', s.metadata.name);
    nodes.set(id, node(id, s.metadata.namespace ?? '', s.metadata.name));
  }
  for (const e of cluster.serviceentries) {
    const id = nodeIds.serviceEntry(e.metadata.namespace ?? '', e.metadata.name);
    nodes.set(id, node(id, e.metadata.namespace ?? '', e.metadata.name));
  }
  const id = relationContext(cluster, summary, nodes).host(host, 'shop');
  const [prefix, rest = ''] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  if (prefix === 'svc') return `service ${rest}`;
  if (prefix === 'se') return `serviceentry ${rest}`;
  return host.includes('*') ? `wildcard ${rest}` : `external ${rest}`;
}

function plan(host: string): string {
  const s = hostToService(host, 'shop', cluster);
  return s ? `service ${s.namespace}/${s.name}` : 'not a service';
}

describe('one host resolver', () => {
  it.each(TABLE)('%s means %s everywhere', (host, expected) => {
    expect(shared(host)).toBe(expected);
    expect(converter(host)).toBe(expected);
    // The graph names the same Service, but draws a Service that does not exist as an external host.
    const missing =
      expected.startsWith('service ') &&
      !cluster.services.some((s) => `service ${s.metadata.namespace}/${s.metadata.name}` === expected);
    expect(topology(host)).toBe(missing ? `external ${host.toLowerCase().replace(/\.$/, '')}` : expected);
    expect(plan(host)).toBe(expected.startsWith('service ') ? expected : 'not a service');
  });

  it('prefers a ServiceEntry of the rule namespace for a host declared twice', () => {
    const r = convertResolve('api.partner.example', 'bookinfo', buildLookup(cluster));
    expect(r.kind === 'serviceentry' && r.entry.name).toBe('partner-bookinfo');
  });
});

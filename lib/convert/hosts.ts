import { type HostRegistry, HostTable, hostMatches, resolveHost as resolveSharedHost } from '../model/hosts';
import type { ServiceEntrySpec } from '../model/istio/spec';
import { type ConvertLookup, memo, type Parsed, type ServiceInfo } from './lookup';

export { hostMatches };

/** What an Istio host name refers to. */
export type HostTarget =
  | { kind: 'service'; namespace: string; name: string; service?: ServiceInfo }
  | { kind: 'serviceentry'; host: string; entry: Parsed<ServiceEntrySpec> }
  | { kind: 'external'; host: string }
  | { kind: 'wildcard'; host: string };

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** True for a Gateway API hostname (precise or `*.` wildcard, not an IP, <= 253). */
export function isGatewayHostname(h: string): boolean {
  return h.length <= 253 && HOSTNAME.test(h) && !IPV4.test(h);
}

/** Gateway API hostname intersection: undefined means "any". */
export function hostnamesIntersect(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return hostMatches(a, b) || hostMatches(b, a) || (a.startsWith('*.') && b.startsWith('*.'));
}

/** The lookup's view of the cluster for the shared resolver; built once per lookup. */
function registryOf(lookup: ConvertLookup): HostRegistry<Parsed<ServiceEntrySpec>> {
  return memo(lookup, 'host-registry', () => {
    const entries = new HostTable<Parsed<ServiceEntrySpec>>();
    for (const se of lookup.serviceEntries) entries.add(se.namespace, se.spec.hosts ?? [], se);
    return {
      clusterDomain: lookup.opts.clusterDomain,
      hasService: (ns, name) => lookup.services.has(`${ns}/${name}`),
      serviceEntry: (host, ns) => entries.lookup(host, ns),
    };
  });
}

/**
 * Resolves an Istio host the way Istio does on Kubernetes (see `lib/model/hosts.ts`, shared with
 * the plan and the topology), adding the Service's ports when it is known. Memoised per lookup.
 */
export function resolveHost(rawHost: string, namespace: string, lookup: ConvertLookup): HostTarget {
  const cache = memo(lookup, 'resolved-hosts', () => new Map<string, HostTarget>());
  const key = `${namespace}\u0000${rawHost}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const r = resolveSharedHost(rawHost, namespace, registryOf(lookup));
  let out: HostTarget;
  if (r.kind === 'service') {
    const svc = lookup.services.get(`${r.namespace}/${r.name}`);
    out = svc ? { ...r, service: svc } : r;
  } else out = r;
  cache.set(key, out);
  return out;
}

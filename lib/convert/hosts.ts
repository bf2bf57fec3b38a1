import { serviceEntriesFor } from './indexes';
import type { ServiceEntrySpec } from './istio-spec';
import type { ConvertLookup, Parsed, ServiceInfo } from './lookup';

/** What an Istio host name refers to. */
export type HostTarget =
  | { kind: 'service'; namespace: string; name: string; service?: ServiceInfo }
  | { kind: 'serviceentry'; host: string; entry: Parsed<ServiceEntrySpec> }
  | { kind: 'external'; host: string }
  | { kind: 'wildcard'; host: string };

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True for a Gateway API hostname (precise or `*.` wildcard, not an IP, <= 253). */
export function isGatewayHostname(h: string): boolean {
  return h.length <= 253 && HOSTNAME.test(h) && !IPV4.test(h);
}

/** True when `host` matches the (possibly `*.`-wildcard) pattern. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

/** Gateway API hostname intersection: undefined means "any". */
export function hostnamesIntersect(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  return hostMatches(a, b) || hostMatches(b, a) || (a.startsWith('*.') && b.startsWith('*.'));
}

function findServiceEntry(
  host: string,
  namespace: string,
  lookup: ConvertLookup,
): Parsed<ServiceEntrySpec> | undefined {
  const { exact, wildcard } = serviceEntriesFor(lookup, host);
  const pick = (list: Parsed<ServiceEntrySpec>[]) => list.find((se) => se.namespace === namespace) ?? list[0];
  return pick(exact) ?? pick(wildcard);
}

/**
 * Resolves an Istio host the way Istio does on Kubernetes: a short name is a Service in the
 * rule's namespace, `name.ns.svc.<domain>` a Service in `ns`; otherwise a ServiceEntry host.
 */
export function resolveHost(rawHost: string, namespace: string, lookup: ConvertLookup): HostTarget {
  const host = rawHost.trim().toLowerCase().replace(/\.$/, '');
  if (host.includes('*')) return { kind: 'wildcard', host };
  const service = (ns: string, name: string): HostTarget => {
    const svc = lookup.services.get(`${ns}/${name}`);
    return svc
      ? { kind: 'service', namespace: ns, name, service: svc }
      : { kind: 'service', namespace: ns, name };
  };
  const parts = host.split('.');
  if (parts.length === 1 && LABEL.test(host)) return service(namespace, host);
  const suffix = `.svc.${lookup.opts.clusterDomain}`;
  const [name, ns] = parts;
  if (name && ns && LABEL.test(name) && LABEL.test(ns)) {
    if (host === `${name}.${ns}${suffix}` || host === `${name}.${ns}.svc`) return service(ns, name);
  }
  const entry = findServiceEntry(host, namespace, lookup);
  if (entry) return { kind: 'serviceentry', host, entry };
  // `name.ns` is not an Istio registry name, but it is a Kubernetes DNS name; accept it when the Service exists.
  if (parts.length === 2 && name && ns && lookup.services.has(`${ns}/${name}`)) return service(ns, name);
  return { kind: 'external', host };
}

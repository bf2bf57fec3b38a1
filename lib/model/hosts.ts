/**
 * The one host resolver: what an Istio host (`reviews`, `reviews.shop.svc.cluster.local`, a
 * ServiceEntry host, `*.example.com`) means on Kubernetes. The converter, the migration plan,
 * preflight, the mesh summary and the topology all resolve hosts here, so they never disagree
 * about which Service a host names.
 */

/** What a host refers to. `entry` is the ServiceEntry (or whatever value the caller registered). */
export type ResolvedHost<E> =
  | { kind: 'service'; namespace: string; name: string }
  | { kind: 'serviceentry'; host: string; entry: E }
  | { kind: 'external'; host: string }
  | { kind: 'wildcard'; host: string };

/** What the resolver may ask about the cluster. Every field is optional: unknown means "not there". */
export interface HostRegistry<E> {
  /** Kubernetes cluster domain, `cluster.local` by default. */
  clusterDomain?: string;
  /** True when Service `namespace/name` exists (decides `name.namespace` hosts). */
  hasService?(namespace: string, name: string): boolean;
  /** The ServiceEntry declaring `host`, preferring one in `namespace`. */
  serviceEntry?(host: string, namespace: string): E | undefined;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Lower-case, trimmed, without a trailing dot: the form hosts are compared in. */
export function normalizeHost(raw: string): string {
  return raw.trim().toLowerCase().replace(/\.$/, '');
}

/** True when `host` matches the (possibly `*.`-wildcard) pattern. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

/**
 * The Service a host names by its form alone: a short name is a Service in `namespace`;
 * `name.ns.svc` and `name.ns.svc.<clusterDomain>` a Service in `ns`. Undefined otherwise
 * (`name.ns` needs the registry: it is a Service only when that Service exists).
 */
export function serviceOfHost(
  raw: string,
  namespace: string,
  clusterDomain = 'cluster.local',
): { namespace: string; name: string } | undefined {
  const host = normalizeHost(raw);
  if (host.includes('*')) return undefined;
  const parts = host.split('.');
  const [name, ns] = parts;
  if (parts.length === 1 && name && LABEL.test(name)) return { namespace, name };
  if (!name || !ns || !LABEL.test(name) || !LABEL.test(ns)) return undefined;
  if (host === `${name}.${ns}.svc` || host === `${name}.${ns}.svc.${clusterDomain}`)
    return { namespace: ns, name };
  return undefined;
}

/**
 * Resolves a host the way Istio does on Kubernetes, relative to the namespace of the rule that
 * names it: the Service forms first, then a ServiceEntry host, then `name.ns` when that Service
 * exists (a Kubernetes DNS name, not an Istio registry name); anything else is external.
 */
export function resolveHost<E>(
  raw: string,
  namespace: string,
  registry: HostRegistry<E> = {},
): ResolvedHost<E> {
  const host = normalizeHost(raw);
  if (host.includes('*')) return { kind: 'wildcard', host };
  const svc = serviceOfHost(host, namespace, registry.clusterDomain);
  if (svc) return { kind: 'service', ...svc };
  const entry = registry.serviceEntry?.(host, namespace);
  if (entry !== undefined) return { kind: 'serviceentry', host, entry };
  const parts = host.split('.');
  const [name, ns] = parts;
  if (parts.length === 2 && name && ns && registry.hasService?.(ns, name)) {
    return { kind: 'service', namespace: ns, name };
  }
  return { kind: 'external', host };
}

/** Values declaring hosts, indexed once: exact hosts by name, `*.` wildcards by suffix. */
export class HostTable<E> {
  private readonly exact = new Map<string, { namespace: string; value: E }[]>();
  private readonly wildcards: { pattern: string; namespace: string; value: E }[] = [];

  /** Registers `value` (declared in `namespace`) for every host in `hosts`, in call order. */
  add(namespace: string, hosts: readonly string[], value: E): void {
    for (const raw of hosts) {
      const host = normalizeHost(raw);
      if (host.startsWith('*.')) {
        this.wildcards.push({ pattern: host, namespace, value });
        continue;
      }
      const list = this.exact.get(host);
      if (list) list.push({ namespace, value });
      else this.exact.set(host, [{ namespace, value }]);
    }
  }

  /** The value for `host`: exact hosts before wildcards, one from `namespace` before any other. */
  lookup(host: string, namespace: string): E | undefined {
    const pick = (list: { namespace: string; value: E }[]) =>
      (list.find((x) => x.namespace === namespace) ?? list[0])?.value;
    const exact = this.exact.get(host);
    if (exact) return pick(exact);
    const wild = this.wildcards.filter((w) => hostMatches(w.pattern, host));
    return wild.length ? pick(wild) : undefined;
  }
}

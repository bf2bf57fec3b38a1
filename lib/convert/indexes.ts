import type {
  DestinationRuleSpec,
  IstioGatewaySpec,
  ServiceEntrySpec,
  VirtualServiceSpec,
} from '../model/istio/spec';
import { hostMatches, resolveHost } from './hosts';
import { type ConvertLookup, memo, type Parsed } from './lookup';

/**
 * Indexes derived from a lookup once, so that every per-destination question is a map read:
 * the converter stays linear in the size of its input.
 */

interface DestinationRuleIndex {
  /** DestinationRules whose host resolves to Service `ns/name`, in input order. */
  byService: Map<string, Parsed<DestinationRuleSpec>[]>;
  /** DestinationRules with a wildcard host, with the suffix a Service FQDN must end with. */
  wildcards: { suffix: string; dr: Parsed<DestinationRuleSpec> }[];
}

function destinationRuleIndex(lookup: ConvertLookup): DestinationRuleIndex {
  return memo(lookup, 'index:destination-rules', () => {
    const byService = new Map<string, Parsed<DestinationRuleSpec>[]>();
    const wildcards: DestinationRuleIndex['wildcards'] = [];
    for (const dr of lookup.destinationRules) {
      if (!dr.spec.host) continue;
      const t = resolveHost(dr.spec.host, dr.namespace, lookup);
      if (t.kind === 'service') {
        const key = `${t.namespace}/${t.name}`;
        const list = byService.get(key);
        if (list) list.push(dr);
        else byService.set(key, [dr]);
      } else if (t.kind === 'wildcard') wildcards.push({ suffix: t.host.slice(1), dr });
    }
    return { byService, wildcards };
  });
}

/** The DestinationRules that apply to Service `ns/name` (exact host or matching wildcard), unordered. */
export function destinationRulesFor(
  lookup: ConvertLookup,
  namespace: string,
  name: string,
): Parsed<DestinationRuleSpec>[] {
  const index = destinationRuleIndex(lookup);
  const exact = index.byService.get(`${namespace}/${name}`) ?? [];
  if (index.wildcards.length === 0) return exact;
  const fqdn = `${name}.${namespace}.svc.${lookup.opts.clusterDomain}`;
  return [...exact, ...index.wildcards.filter((w) => fqdn.endsWith(w.suffix)).map((w) => w.dr)];
}

interface ServiceEntryIndex {
  exact: Map<string, Parsed<ServiceEntrySpec>[]>;
  wildcards: { pattern: string; se: Parsed<ServiceEntrySpec> }[];
}

/** ServiceEntries by lowercased host; wildcard hosts kept apart. Built without resolving anything. */
export function serviceEntryIndex(lookup: ConvertLookup): ServiceEntryIndex {
  return memo(lookup, 'index:service-entries', () => {
    const exact = new Map<string, Parsed<ServiceEntrySpec>[]>();
    const wildcards: ServiceEntryIndex['wildcards'] = [];
    for (const se of lookup.serviceEntries) {
      for (const raw of new Set((se.spec.hosts ?? []).map((h) => h.toLowerCase()))) {
        if (raw.startsWith('*.')) wildcards.push({ pattern: raw, se });
        const list = exact.get(raw);
        if (list) list.push(se);
        else exact.set(raw, [se]);
      }
    }
    return { exact, wildcards };
  });
}

/** ServiceEntries naming `host` exactly, else those whose wildcard host matches it (input order). */
export function serviceEntriesFor(
  lookup: ConvertLookup,
  host: string,
): { exact: Parsed<ServiceEntrySpec>[]; wildcard: Parsed<ServiceEntrySpec>[] } {
  const index = serviceEntryIndex(lookup);
  return {
    exact: index.exact.get(host) ?? [],
    wildcard: index.wildcards.filter((w) => hostMatches(w.pattern, host)).map((w) => w.se),
  };
}

/** The parsed VirtualService of an input object, without a scan. */
export function parsedVirtualService(
  lookup: ConvertLookup,
  obj: object,
): Parsed<VirtualServiceSpec> | undefined {
  return memo(lookup, 'index:vs-by-object', () => new Map(lookup.virtualServices.map((v) => [v.obj, v]))).get(
    obj as Parsed<VirtualServiceSpec>['obj'],
  );
}

/** The Istio Gateways and VirtualServices of each namespace, in input order. */
export function byNamespace(
  lookup: ConvertLookup,
  namespace: string,
): { gateways: [string, Parsed<IstioGatewaySpec>][]; virtualServices: Parsed<VirtualServiceSpec>[] } {
  const index = memo(lookup, 'index:by-namespace', () => {
    const out = new Map<
      string,
      { gateways: [string, Parsed<IstioGatewaySpec>][]; virtualServices: Parsed<VirtualServiceSpec>[] }
    >();
    const of = (ns: string) => {
      let e = out.get(ns);
      if (!e) {
        e = { gateways: [], virtualServices: [] };
        out.set(ns, e);
      }
      return e;
    };
    for (const [key, gw] of lookup.gateways) of(gw.namespace).gateways.push([key, gw]);
    for (const vs of lookup.virtualServices) of(vs.namespace).virtualServices.push(vs);
    return out;
  });
  return index.get(namespace) ?? { gateways: [], virtualServices: [] };
}

/** Names of the VirtualServices of each namespace. */
export function virtualServiceNames(lookup: ConvertLookup, namespace: string): Set<string> {
  return (
    memo(lookup, 'index:vs-names', () => {
      const out = new Map<string, Set<string>>();
      for (const v of lookup.virtualServices) {
        const set = out.get(v.namespace);
        if (set) set.add(v.name);
        else out.set(v.namespace, new Set([v.name]));
      }
      return out;
    }).get(namespace) ?? new Set()
  );
}

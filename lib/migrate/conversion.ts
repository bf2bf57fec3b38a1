import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert';
import { buildLookup, type ConvertLookup, convertNamespace } from '../convert';
import { withWorkloads, workloadOf } from '../convert/lookup';
import { resolveOptions } from '../convert/types';
import { indexOf } from '../model/cluster-index';

// The kinds the converter's parsed objects and indexes read: another kind's change keeps them.
const LOOKUP_KINDS = [
  'services',
  'virtualservices',
  'destinationrules',
  'serviceentries',
  'istiogateways',
] as const;

/** The converter's workloads, kept per namespace while that namespace's pods and Deployments are. */
function workloads(resources: ResourceSet): ConvertLookup['workloads'] {
  const ix = indexOf(resources);
  const out: ConvertLookup['workloads'] = [];
  for (const kind of ['pods', 'deployments'] as const)
    for (const ns of ix.namespacesWith(kind))
      for (const w of ix.perNamespace(kind, ns, 'convert-workloads', (objs) => objs.map(workloadOf)))
        out.push(w);
  return out;
}

/**
 * The converter's indexes over a snapshot, per gateway class. Pods churn: their change keeps the
 * parsed objects and indexes and takes only the workloads (and the Gateway plans reading them) anew.
 */
function lookupFor(resources: ResourceSet, gatewayClassName: string | undefined): ConvertLookup {
  const options = resolveOptions(gatewayClassName ? { gatewayClassName } : {});
  const ix = indexOf(resources);
  const key = `convert-lookup:${options.gatewayClassName}`;
  return ix.memo(key, () => {
    const base = ix.memo(`${key}:base`, () => buildLookup(resources, options), LOOKUP_KINDS);
    return base.input === resources ? base : withWorkloads(base, resources, workloads(resources));
  }, [...LOOKUP_KINDS, 'pods', 'deployments']);
}

/** Converts the Istio networking resources of `ns` to Gateway API, for the plan and its findings. */
export function convertForPlan(
  resources: ResourceSet,
  ns: string,
  gatewayClassName: string | undefined,
): ConversionResult {
  return convertNamespace(lookupFor(resources, gatewayClassName), ns);
}

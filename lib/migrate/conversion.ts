import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert';
import { buildLookup, type ConvertLookup, convertNamespace } from '../convert';
import { resolveOptions } from '../convert/types';
import { indexOf } from '../model/cluster-index';

// The kinds the converter's lookup reads: another kind's change keeps the lookup.
const LOOKUP_KINDS = [
  'services',
  'virtualservices',
  'destinationrules',
  'serviceentries',
  'istiogateways',
  'pods',
  'deployments',
] as const;

/** The converter's indexes over a snapshot, built once per snapshot and gateway class. */
function lookupFor(resources: ResourceSet, gatewayClassName: string | undefined): ConvertLookup {
  const options = resolveOptions(gatewayClassName ? { gatewayClassName } : {});
  return indexOf(resources).memo(
    `convert-lookup:${options.gatewayClassName}`,
    () => buildLookup(resources, options),
    LOOKUP_KINDS,
  );
}

/** Converts the Istio networking resources of `ns` to Gateway API, for the plan and its findings. */
export function convertForPlan(
  resources: ResourceSet,
  ns: string,
  gatewayClassName: string | undefined,
): ConversionResult {
  return convertNamespace(lookupFor(resources, gatewayClassName), ns);
}

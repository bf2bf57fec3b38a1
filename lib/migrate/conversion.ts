import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert';
import { buildLookup, type ConvertLookup, convertNamespace } from '../convert';
import { indexOf } from '../model/cluster-index';

/** The converter's indexes over a snapshot, built once per snapshot and gateway class. */
function lookupFor(resources: ResourceSet, gatewayClassName: string | undefined): ConvertLookup {
  return indexOf(resources).memo(`convert-lookup:${gatewayClassName ?? ''}`, () =>
    buildLookup(resources, gatewayClassName ? { gatewayClassName } : {}),
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

import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert';
import { convertNamespace } from '../convert';

/** Converts the Istio networking resources of `ns` to Gateway API, for the plan and its findings. */
export function convertForPlan(
  resources: ResourceSet,
  ns: string,
  gatewayClassName: string | undefined,
): ConversionResult {
  return convertNamespace(resources, ns, gatewayClassName ? { gatewayClassName } : {});
}

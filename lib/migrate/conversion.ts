import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert/types';

/** Converts the Istio networking resources of `ns` to Gateway API (lib/convert), for the plan and findings. */
export function convertForPlan(
  _resources: ResourceSet,
  _ns: string,
  _gatewayClassName: string | undefined,
): ConversionResult {
  return { resources: [], warnings: [], sources: [] };
}

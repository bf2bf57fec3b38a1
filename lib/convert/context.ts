import type { KubeObject } from '../k8s/objects';
import type { ConvertLookup } from './lookup';
import type { ConversionWarning } from './types';
import { createReporter, type Reporter } from './warnings';

/** State of converting one source object: where warnings go and the side outputs it needs. */
export interface ConvertContext {
  lookup: ConvertLookup;
  /** Namespace of the source object, and of the routes made from it. */
  namespace: string;
  report: Reporter;
  warnings: ConversionWarning[];
  /** Side outputs (subset Services), keyed `Kind/namespace/name`. */
  extras: Map<string, KubeObject>;
  /** A reporter for another source object (a DestinationRule the conversion relies on). */
  reporterFor(resource: string): Reporter;
  /** Ports of the Services a mesh VirtualService routes for (where its sidecar clients send requests). */
  meshPorts?: number[];
}

export function createContext(lookup: ConvertLookup, namespace: string, resource: string): ConvertContext {
  const warnings: ConversionWarning[] = [];
  return {
    lookup,
    namespace,
    report: createReporter(resource, warnings),
    warnings,
    extras: new Map(),
    reporterFor: (r) => createReporter(r, warnings),
  };
}

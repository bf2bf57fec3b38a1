/** Istio networking resources to Gateway API: the public surface of the converter. */
export {
  convertAll,
  convertGateway,
  convertNamespace,
  type GatewayConversion,
  mergeConversions,
} from './convert';
export { formatWarning, resourcesToYaml } from './format';
export { buildLookup, type ConvertLookup } from './lookup';
export type {
  ConversionResult,
  ConversionWarning,
  ConvertInput,
  ConvertOptions,
  RuleMapping,
  Severity,
  SourceOutputs,
} from './types';
export { convertVirtualService, type VirtualServiceConversion } from './virtual-service';
export { parseFieldPath, resolveFieldPath } from './warnings';

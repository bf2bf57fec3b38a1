import type { KubeObject } from '../k8s/objects';

/** How bad a conversion finding is: `error` = meaning lost or changed, `warning` = approximated, `info` = note. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about one field of one source object. `field` is a path into the source object
 * (`spec.http[2].fault`, `spec.http[0].match[1].headers["x-user"].prefix`) that
 * {@link resolveFieldPath} can follow, so the UI can attach it to the rule it belongs to.
 */
export interface ConversionWarning {
  /** `Kind/namespace/name` of the Istio object, e.g. `VirtualService/bookinfo/reviews`. */
  resource: string;
  field: string;
  severity: Severity;
  /** Stable identifier of the finding (e.g. `fault`, `prefix-segment`), for grouping and docs. */
  code: string;
  message: string;
}

/** Options of a conversion. */
export interface ConvertOptions {
  /** `spec.gatewayClassName` of generated Gateways (default `istio`). */
  gatewayClassName?: string;
  /** Gateway API release channel the target cluster runs; `experimental` enables `retry` (default `standard`). */
  channel?: 'standard' | 'experimental';
  /** Cluster DNS domain used to recognise `name.ns.svc.<domain>` hosts (default `cluster.local`). */
  clusterDomain?: string;
}

export interface ResolvedOptions {
  gatewayClassName: string;
  channel: 'standard' | 'experimental';
  clusterDomain: string;
}

export function resolveOptions(opts: ConvertOptions = {}): ResolvedOptions {
  return {
    gatewayClassName: opts.gatewayClassName || 'istio',
    channel: opts.channel ?? 'standard',
    clusterDomain: (opts.clusterDomain || 'cluster.local').replace(/^\.+|\.+$/g, ''),
  };
}

/**
 * What the converter reads: a `ResourceSet` or any object with some of these arrays. Istio objects
 * of apiVersion `networking.istio.io/v1`, `v1beta1` and `v1alpha3` are read alike. Pods and
 * Deployments are optional; they locate the Istio ingress workload (for certificate Secrets).
 */
export interface ConvertInput {
  virtualservices?: KubeObject[];
  destinationrules?: KubeObject[];
  istiogateways?: KubeObject[];
  serviceentries?: KubeObject[];
  services?: KubeObject[];
  pods?: KubeObject[];
  deployments?: KubeObject[];
  /** Read by the Ingress converter and target policies (`convertForTarget`). */
  ingresses?: KubeObject[];
  ingressclasses?: KubeObject[];
  configmaps?: KubeObject[];
  requestauthentications?: KubeObject[];
}

/** Which outputs (`Kind/namespace/name`) one source (`Kind/namespace/name`) became. */
export interface SourceOutputs {
  source: string;
  outputs: string[];
}

/** The result of converting one namespace or a whole input. Deterministic for a given input. */
export interface ConversionResult {
  resources: KubeObject[];
  warnings: ConversionWarning[];
  sources: SourceOutputs[];
}

/** Where one Istio rule went: `field` of the source (`spec.http[1]`) to rules of generated routes. */
export interface RuleMapping {
  field: string;
  outputs: { resource: string; rule: string }[];
}

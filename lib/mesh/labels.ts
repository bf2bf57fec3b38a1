/** Label and annotation keys Istio and the Gateway API use to express data-plane state and intent. */

export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const PROXY_CONTAINER = 'istio-proxy';
export const AMBIENT_REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const INJECTION_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';
export const INGRESS_USE_WAYPOINT_LABEL = 'istio.io/ingress-use-waypoint';
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
export const WAYPOINT_CLASS = 'istio-waypoint';
export const MANAGED_GATEWAY_LABEL = 'gateway.istio.io/managed';
export const MESH_CONTROLLER_VALUE = 'istio.io-mesh-controller';
/** Set by Gateway API implementations on the pods and Service of a Gateway's proxy. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
export const GATEWAY_BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';
export const GATEWAY_CHANNEL_ANNOTATION = 'gateway.networking.k8s.io/channel';

/** Values of `istio.io/use-waypoint` that opt an object out of an inherited waypoint. */
export const WAYPOINT_OPT_OUT_VALUES: ReadonlySet<string> = new Set(['none', '#none']);

/** Shorthand for a label map lookup that tolerates missing metadata. */
export function label(
  obj: { metadata: { labels?: Record<string, string> } } | undefined,
  key: string,
): string | undefined {
  return obj?.metadata.labels?.[key];
}

/** Shorthand for an annotation lookup that tolerates missing metadata. */
export function annotation(
  obj: { metadata: { annotations?: Record<string, string> } } | undefined,
  key: string,
): string | undefined {
  return obj?.metadata.annotations?.[key];
}

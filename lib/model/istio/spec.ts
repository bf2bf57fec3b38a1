/**
 * The parts of Istio networking specs (networking.istio.io v1, v1beta1, v1alpha3: same shape) the
 * converter reads, after {@link readVirtualService} and friends dropped wrongly typed fields.
 * Field names are the source's, so warning paths point into the source object.
 */

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface IstioDestination {
  host: string;
  subset?: string;
  port?: number;
}

export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

export interface IstioHeaders {
  request?: HeaderOperations;
  response?: HeaderOperations;
}

export interface HTTPMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  queryParams?: Record<string, StringMatch>;
  ignoreUriCase?: boolean;
  withoutHeaders?: Record<string, StringMatch>;
  sourceNamespace?: string;
  statPrefix?: string;
}

export interface HTTPRouteDestination {
  destination?: IstioDestination;
  weight?: number;
  headers?: IstioHeaders;
}

export interface HTTPRedirect {
  uri?: string;
  authority?: string;
  port?: number;
  derivePort?: string;
  scheme?: string;
  redirectCode?: number;
}

export interface HTTPRewrite {
  uri?: string;
  authority?: string;
  uriRegexRewrite?: { match?: string; rewrite?: string };
}

export interface HTTPRetry {
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
  retryRemoteLocalities?: boolean;
  retryIgnorePreviousHosts?: boolean;
  backoff?: string;
}

export interface CorsPolicy {
  allowOrigin?: string[];
  allowOrigins?: StringMatch[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: string;
  allowCredentials?: boolean;
  unmatchedPreflights?: string;
}

export interface HTTPMirrorPolicy {
  destination?: IstioDestination;
  percentage?: { value?: number };
}

export interface IstioHTTPRoute {
  /** `match` written as one mapping instead of a list (the Istio API server refuses it; files may hold it). */
  matchMapping?: HTTPMatchRequest;
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  redirect?: HTTPRedirect;
  directResponse?: { status?: number; body?: unknown };
  delegate?: { name?: string; namespace?: string };
  rewrite?: HTTPRewrite;
  timeout?: string;
  retries?: HTTPRetry;
  fault?: unknown;
  mirror?: IstioDestination;
  mirrorPercent?: number;
  mirror_percent?: number;
  mirrorPercentage?: { value?: number };
  mirrors?: HTTPMirrorPolicy[];
  corsPolicy?: CorsPolicy;
  headers?: IstioHeaders;
}

export interface L4MatchAttributes {
  destinationSubnets?: string[];
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  sourceNamespace?: string;
  sourceSubnet?: string;
}

export interface TLSMatchAttributes extends L4MatchAttributes {
  sniHosts?: string[];
}

export interface RouteDestination {
  destination?: IstioDestination;
  weight?: number;
}

export interface TCPRoute {
  match?: L4MatchAttributes[];
  route?: RouteDestination[];
}

export interface TLSRoute {
  match?: TLSMatchAttributes[];
  route?: RouteDestination[];
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: IstioHTTPRoute[];
  tls?: TLSRoute[];
  tcp?: TCPRoute[];
  exportTo?: string[];
}

export interface ServerTLSSettings {
  httpsRedirect?: boolean;
  mode?: string;
  serverCertificate?: string;
  privateKey?: string;
  caCertificates?: string;
  caCrl?: string;
  credentialName?: string;
  credentialNames?: string[];
  caCertCredentialName?: string;
  tlsCertificates?: unknown[];
  subjectAltNames?: string[];
  verifyCertificateSpki?: string[];
  verifyCertificateHash?: string[];
  minProtocolVersion?: string;
  maxProtocolVersion?: string;
  cipherSuites?: string[];
}

export interface IstioServer {
  port?: { number?: number; protocol?: string; name?: string; targetPort?: number };
  bind?: string;
  hosts?: string[];
  tls?: ServerTLSSettings;
  name?: string;
  defaultEndpoint?: string;
}

export interface IstioGatewaySpec {
  servers?: IstioServer[];
  selector?: Record<string, string>;
}

export interface Subset {
  name?: string;
  labels?: Record<string, string>;
  trafficPolicy?: unknown;
}

export interface DestinationRuleSpec {
  host?: string;
  trafficPolicy?: unknown;
  subsets?: Subset[];
  exportTo?: string[];
}

export interface ServiceEntrySpec {
  hosts?: string[];
  ports?: { number?: number; protocol?: string; name?: string; targetPort?: number }[];
  location?: string;
  resolution?: string;
}

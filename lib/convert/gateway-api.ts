/** The Gateway API v1 (bundle v1.6.1) shapes the converter writes, limited to the fields it sets. */

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_API_VERSION = `${GATEWAY_GROUP}/v1`;
export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/** Label on every generated object. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'mesh-migrator';
/** Annotation naming the Istio object a generated object came from (`Kind/namespace/name`). */
export const SOURCE_ANNOTATION = 'mesh-migrator.io/source';

/** Schema limits of the v1.6.1 CRDs. */
export const LIMITS = {
  rules: 16,
  matchesPerRule: 64,
  matchesPerRoute: 128,
  parentRefs: 32,
  hostnames: 16,
  backendRefs: 16,
  filters: 16,
  headerMatches: 16,
  headerOps: 16,
  listeners: 64,
  referenceGrantEntries: 16,
  corsList: 64,
  pathValue: 1024,
  headerValue: 4096,
  queryValue: 1024,
} as const;

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute';

export interface ParentRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

export interface HeaderMatch {
  type: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

export interface PathMatch {
  type: 'Exact' | 'PathPrefix' | 'RegularExpression';
  value: string;
}

export interface HTTPRouteMatch {
  path?: PathMatch;
  headers?: HeaderMatch[];
  queryParams?: HeaderMatch[];
  method?: string;
}

export interface HeaderModifier {
  set?: { name: string; value: string }[];
  add?: { name: string; value: string }[];
  remove?: string[];
}

export interface BackendObjectRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

export interface PathModifier {
  type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}

export interface CorsFilter {
  allowOrigins?: string[];
  allowCredentials?: boolean;
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
}

export type HTTPRouteFilter =
  | { type: 'RequestHeaderModifier'; requestHeaderModifier: HeaderModifier }
  | { type: 'ResponseHeaderModifier'; responseHeaderModifier: HeaderModifier }
  | {
      type: 'RequestMirror';
      requestMirror: {
        backendRef: BackendObjectRef;
        percent?: number;
        fraction?: { numerator: number; denominator: number };
      };
    }
  | {
      type: 'RequestRedirect';
      requestRedirect: {
        scheme?: string;
        hostname?: string;
        path?: PathModifier;
        port?: number;
        statusCode?: number;
      };
    }
  | { type: 'URLRewrite'; urlRewrite: { hostname?: string; path?: PathModifier } }
  | { type: 'CORS'; cors: CorsFilter };

export interface BackendRef extends BackendObjectRef {
  weight?: number;
  filters?: HTTPRouteFilter[];
}

export interface HTTPRouteRule {
  name?: string;
  matches?: HTTPRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
  retry?: { attempts?: number; backoff?: string; codes?: number[] };
}

export interface GRPCMethodMatch {
  type: 'Exact' | 'RegularExpression';
  service?: string;
  method?: string;
}

export interface GRPCRouteMatch {
  method?: GRPCMethodMatch;
  headers?: HeaderMatch[];
}

export interface GRPCRouteRule {
  name?: string;
  matches?: GRPCRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
}

export interface L4RouteRule {
  name?: string;
  backendRefs: BackendRef[];
}

export interface RouteSpec<Rule> {
  parentRefs?: ParentRef[];
  hostnames?: string[];
  rules: Rule[];
}

export interface SecretObjectRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Listener {
  name: string;
  hostname?: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP';
  tls?: { mode: 'Terminate' | 'Passthrough'; certificateRefs?: SecretObjectRef[] };
  allowedRoutes?: {
    namespaces: {
      from: 'All' | 'Same' | 'Selector';
      selector?: { matchExpressions: { key: string; operator: 'In'; values: string[] }[] };
    };
  };
}

export interface FrontendValidation {
  port: number;
  tls: {
    validation: { caCertificateRefs: SecretObjectRef[]; mode?: 'AllowValidOnly' | 'AllowInsecureFallback' };
  };
}

export interface GatewaySpec {
  gatewayClassName: string;
  listeners: Listener[];
  tls?: { frontend: { default: Record<string, never>; perPort: FrontendValidation[] } };
}

export interface ReferenceGrantSpec {
  from: { group: string; kind: string; namespace: string }[];
  to: { group: string; kind: string; name?: string }[];
}

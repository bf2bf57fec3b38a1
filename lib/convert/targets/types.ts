/** Gateway API implementations a conversion can target, and the features only their own policies carry. */

export const TARGETS = ['istio', 'envoy-gateway', 'nginx'] as const;
export type Target = (typeof TARGETS)[number];

export function isTarget(s: string): s is Target {
  return (TARGETS as readonly string[]).includes(s);
}

/** GatewayClass name each implementation installs by default. */
export const DEFAULT_CLASS: Record<Target, string> = {
  istio: 'istio',
  'envoy-gateway': 'eg',
  nginx: 'nginx',
};

export const TARGET_LABEL: Record<Target, string> = {
  istio: 'Istio',
  'envoy-gateway': 'Envoy Gateway',
  nginx: 'NGINX Gateway Fabric',
};

/** What a policy attaches to: a generated route or Gateway, or a Service (backend settings). */
export interface Attachment {
  kind: 'HTTPRoute' | 'GRPCRoute' | 'Gateway' | 'Service';
  namespace: string;
  name: string;
  /** Hostnames the attachment serves (Istio AuthorizationPolicies scope a Gateway-wide rule by host). */
  hosts?: string[];
  /** Backend Services (`namespace/name`) of a route, for targets whose backend settings attach to Services. */
  services?: string[];
  /** Gateway (in `namespace`) a route attaches to, for targets whose rule is Gateway-wide. */
  gateway?: string;
}

/** A feature the standard Gateway API cannot express, to be written as the target's own policy. */
export type Feature =
  | { type: 'body-size' /** nginx size: `8m`, `512k`, `0` = unlimited */; size: string }
  | { type: 'proxy-timeouts'; connect?: number; read?: number; send?: number }
  | { type: 'ip-allow'; cidrs: string[] }
  | { type: 'ip-deny'; cidrs: string[] }
  | { type: 'session-cookie'; name: string; ttlSeconds?: number; path?: string }
  | { type: 'load-balancer'; method: 'round-robin' | 'least-request' | 'random' }
  | { type: 'hash'; by: 'source-ip' | 'header' | 'cookie' | 'query'; name?: string; nginxKey: string }
  | { type: 'retry'; attempts: number; perTryTimeout?: string; codes?: number[]; triggers?: string[] }
  | { type: 'rate-limit'; requests: number; unit: 'Second' | 'Minute' }
  | { type: 'request-timeout'; timeout: string }
  | {
      type: 'circuit-breaker';
      maxConnections?: number;
      maxPendingRequests?: number;
      maxParallelRequests?: number;
      maxRequestsPerConnection?: number;
      connectTimeout?: string;
      idleTimeout?: string;
    }
  | {
      type: 'outlier-detection';
      consecutive5xxErrors?: number;
      consecutiveGatewayErrors?: number;
      interval?: string;
      baseEjectionTime?: string;
      maxEjectionPercent?: number;
    }
  | {
      type: 'jwt';
      providers: { name: string; issuer?: string; audiences?: string[]; jwksUri?: string; jwks?: string }[];
    }
  | { type: 'buffering'; disable?: boolean; bufferSize?: string }
  | { type: 'keepalive'; requests?: number; time?: string; timeout?: string; connections?: number }
  | { type: 'tls-ciphers'; ciphers: string[] }
  | { type: 'snippet'; context: 'http.server' | 'http.server.location'; value: string };

/** One feature of one source field, and where its policy must attach. */
export interface Need {
  feature: Feature;
  /** `Kind/namespace/name` of the source object. */
  source: string;
  /** Path of the source field (an annotation, a DestinationRule field). */
  field: string;
  /** What the field does, in a few words, for the warning when no target carries it. */
  what: string;
  attach: Attachment;
}

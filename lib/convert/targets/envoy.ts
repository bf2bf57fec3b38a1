import { EG_API, GW_GROUP, type PolicyBag, quantityOf } from './bag';
import type { Need } from './types';

type Result = { kind: string } | { reason: string };

function seconds(n: number): string {
  return `${n}s`;
}

function routeRef(n: Need) {
  return { group: GW_GROUP, kind: n.attach.kind, name: n.attach.name };
}

/** Writes one need as an Envoy Gateway policy; returns the policy kind, or why it cannot. */
export function envoyPolicy(n: Need, bag: PolicyBag): Result {
  const f = n.feature;
  const { namespace, name } = n.attach;
  if (n.attach.kind === 'Service')
    return {
      reason:
        'Envoy Gateway policies attach to routes and Gateways, and no generated route sends to this Service',
    };
  const btp = (spec: Record<string, unknown>): Result => {
    bag.add(EG_API, 'BackendTrafficPolicy', namespace, name, n.source, {
      targetRefs: [routeRef(n)],
      ...spec,
    });
    return { kind: 'BackendTrafficPolicy' };
  };
  const sp = (spec: Record<string, unknown>): Result => {
    bag.add(EG_API, 'SecurityPolicy', namespace, name, n.source, { targetRefs: [routeRef(n)], ...spec });
    return { kind: 'SecurityPolicy' };
  };
  switch (f.type) {
    case 'body-size': {
      const q = quantityOf(f.size);
      return q
        ? btp({ requestBuffer: { limit: q } })
        : { reason: 'an unlimited body size is the default; nothing to write' };
    }
    case 'proxy-timeouts': {
      const timeout: Record<string, unknown> = {};
      if (f.connect !== undefined) timeout.tcp = { connectTimeout: seconds(f.connect) };
      const idle = Math.max(f.read ?? 0, f.send ?? 0);
      if (idle > 0) timeout.http = { streamIdleTimeout: seconds(idle) };
      return btp({ timeout });
    }
    case 'ip-allow':
      return sp({
        authorization: {
          defaultAction: 'Deny',
          rules: [{ name: 'allow-source-range', action: 'Allow', principal: { clientCIDRs: f.cidrs } }],
        },
      });
    case 'ip-deny':
      return sp({
        authorization: {
          defaultAction: 'Allow',
          rules: [{ name: 'deny-source-range', action: 'Deny', principal: { clientCIDRs: f.cidrs } }],
        },
      });
    case 'session-cookie': {
      const cookie: Record<string, unknown> = { name: f.name };
      if (f.ttlSeconds) cookie.ttl = seconds(f.ttlSeconds);
      return btp({ loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'Cookie', cookie } } });
    }
    case 'load-balancer':
      return btp({
        loadBalancer: {
          type: f.method === 'round-robin' ? 'RoundRobin' : f.method === 'random' ? 'Random' : 'LeastRequest',
        },
      });
    case 'hash': {
      const hash =
        f.by === 'source-ip'
          ? { type: 'SourceIP' }
          : f.by === 'header'
            ? { type: 'Header', header: { name: f.name } }
            : f.by === 'cookie'
              ? { type: 'Cookie', cookie: { name: f.name } }
              : { type: 'QueryParams', queryParams: [{ name: f.name }] };
      return btp({ loadBalancer: { type: 'ConsistentHash', consistentHash: hash } });
    }
    case 'retry': {
      const retry: Record<string, unknown> = { numRetries: f.attempts };
      const retryOn: Record<string, unknown> = {};
      if (f.triggers?.length) retryOn.triggers = f.triggers;
      if (f.codes?.length) retryOn.httpStatusCodes = f.codes;
      if (Object.keys(retryOn).length) retry.retryOn = retryOn;
      if (f.perTryTimeout) retry.perRetry = { timeout: f.perTryTimeout };
      return btp({ retry });
    }
    case 'rate-limit':
      return btp({
        rateLimit: { type: 'Local', local: { rules: [{ limit: { requests: f.requests, unit: f.unit } }] } },
      });
    case 'request-timeout':
      return btp({ timeout: { http: { requestTimeout: f.timeout } } });
    case 'circuit-breaker': {
      const cb: Record<string, unknown> = {};
      if (f.maxConnections !== undefined) cb.maxConnections = f.maxConnections;
      if (f.maxPendingRequests !== undefined) cb.maxPendingRequests = f.maxPendingRequests;
      if (f.maxParallelRequests !== undefined) cb.maxParallelRequests = f.maxParallelRequests;
      if (f.maxRequestsPerConnection !== undefined) cb.maxRequestsPerConnection = f.maxRequestsPerConnection;
      const spec: Record<string, unknown> = {};
      if (Object.keys(cb).length) spec.circuitBreaker = cb;
      const timeout: Record<string, unknown> = {};
      if (f.connectTimeout) timeout.tcp = { connectTimeout: f.connectTimeout };
      if (f.idleTimeout) timeout.http = { connectionIdleTimeout: f.idleTimeout };
      if (Object.keys(timeout).length) spec.timeout = timeout;
      return btp(spec);
    }
    case 'outlier-detection': {
      const passive: Record<string, unknown> = {};
      if (f.consecutive5xxErrors !== undefined) passive.consecutive5XxErrors = f.consecutive5xxErrors;
      if (f.consecutiveGatewayErrors !== undefined)
        passive.consecutiveGatewayErrors = f.consecutiveGatewayErrors;
      if (f.interval) passive.interval = f.interval;
      if (f.baseEjectionTime) passive.baseEjectionTime = f.baseEjectionTime;
      if (f.maxEjectionPercent !== undefined) passive.maxEjectionPercent = f.maxEjectionPercent;
      return btp({ healthCheck: { passive } });
    }
    case 'jwt':
      return sp({
        jwt: {
          // Istio lets requests without a token through (only invalid tokens are refused); so does optional.
          optional: true,
          providers: f.providers.map((p) => ({
            name: p.name,
            ...(p.issuer ? { issuer: p.issuer } : {}),
            ...(p.audiences?.length ? { audiences: p.audiences } : {}),
            ...(p.jwksUri
              ? { remoteJWKS: { uri: p.jwksUri } }
              : p.jwks
                ? { localJWKS: { type: 'Inline', inline: p.jwks } }
                : {}),
          })),
        },
      });
    case 'tls-ciphers':
      if (!n.attach.gateway) return { reason: 'no Gateway to attach a ClientTrafficPolicy to' };
      bag.add(EG_API, 'ClientTrafficPolicy', namespace, n.attach.gateway, n.source, {
        targetRefs: [{ group: GW_GROUP, kind: 'Gateway', name: n.attach.gateway }],
        tls: { ciphers: f.ciphers },
      });
      return { kind: 'ClientTrafficPolicy (whole Gateway)' };
    case 'buffering':
      return { reason: 'Envoy streams responses; it has no response buffering setting' };
    case 'keepalive':
      return { reason: 'Envoy Gateway has no per-backend keepalive request limit beyond circuit breaking' };
    case 'snippet':
      return { reason: 'raw NGINX configuration has no Envoy form' };
  }
}

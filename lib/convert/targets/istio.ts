import { dnsSubdomain } from '../names';
import { GW_GROUP, type PolicyBag } from './bag';
import type { Need } from './types';

type Result = { kind: string } | { reason: string };

const NET = 'networking.istio.io/v1';
const SEC = 'security.istio.io/v1';

/** Writes one need as an Istio resource (DestinationRule, AuthorizationPolicy); returns its kind, or why it cannot. */
export function istioPolicy(n: Need, bag: PolicyBag, clusterDomain: string, takenHosts: Set<string>): Result {
  const f = n.feature;
  const { namespace } = n.attach;
  const services =
    n.attach.kind === 'Service' ? [`${namespace}/${n.attach.name}`] : (n.attach.services ?? []);
  const dr = (trafficPolicy: Record<string, unknown>): Result => {
    const free = services.filter((s) => !takenHosts.has(s));
    if (!free.length)
      return { reason: 'the backend Service already has a DestinationRule; add this to it by hand' };
    for (const s of free) {
      const [ns, svc] = s.split('/') as [string, string];
      bag.add(NET, 'DestinationRule', ns, dnsSubdomain(`${svc}-ingress`), n.source, {
        host: `${svc}.${ns}.svc.${clusterDomain}`,
        trafficPolicy,
      });
    }
    return { kind: 'DestinationRule' };
  };
  const authz = (source: Record<string, unknown>): Result => {
    if (!n.attach.gateway) return { reason: 'no Gateway to attach an AuthorizationPolicy to' };
    const to = n.attach.hosts?.length ? [{ operation: { hosts: n.attach.hosts } }] : undefined;
    bag.add(SEC, 'AuthorizationPolicy', namespace, dnsSubdomain(`${n.attach.name}-source-range`), n.source, {
      targetRefs: [{ group: GW_GROUP, kind: 'Gateway', name: n.attach.gateway }],
      action: 'DENY',
      rules: [{ from: [{ source }], ...(to ? { to } : {}) }],
    });
    return { kind: 'AuthorizationPolicy' };
  };
  switch (f.type) {
    case 'ip-allow':
      return authz({ notRemoteIpBlocks: f.cidrs });
    case 'ip-deny':
      return authz({ remoteIpBlocks: f.cidrs });
    case 'session-cookie': {
      const httpCookie: Record<string, unknown> = { name: f.name, ttl: `${f.ttlSeconds ?? 0}s` };
      if (f.path) httpCookie.path = f.path;
      return dr({ loadBalancer: { consistentHash: { httpCookie } } });
    }
    case 'load-balancer':
      return dr({
        loadBalancer: {
          simple:
            f.method === 'round-robin' ? 'ROUND_ROBIN' : f.method === 'random' ? 'RANDOM' : 'LEAST_REQUEST',
        },
      });
    case 'hash':
      return dr({
        loadBalancer: {
          consistentHash:
            f.by === 'source-ip'
              ? { useSourceIp: true }
              : f.by === 'header'
                ? { httpHeaderName: f.name }
                : f.by === 'cookie'
                  ? { httpCookie: { name: f.name, ttl: '0s' } }
                  : { httpQueryParameterName: f.name },
        },
      });
    case 'proxy-timeouts':
      if (f.connect === undefined)
        return {
          reason:
            'Istio has no read or send timeout between two reads/writes; HTTPRoute timeouts bound whole requests instead',
        };
      return dr({ connectionPool: { tcp: { connectTimeout: `${f.connect}s` } } });
    case 'circuit-breaker':
    case 'outlier-detection':
    case 'jwt':
      return { kind: 'unchanged (Istio keeps applying the DestinationRule or RequestAuthentication)' };
    case 'body-size':
      return { reason: 'Istio has no request body limit outside an EnvoyFilter' };
    case 'rate-limit':
      return { reason: 'Istio rate limits need an EnvoyFilter' };
    case 'retry':
      return { reason: 'Gateway API retries need the experimental channel' };
    case 'request-timeout':
      return { reason: 'set the HTTPRoute rule timeout instead' };
    case 'buffering':
    case 'keepalive':
      return { reason: 'Envoy has no NGINX-style buffering or keepalive settings in Istio' };
    case 'tls-ciphers':
      return { reason: 'cipher suites of a Gateway API Gateway are not configurable in Istio' };
    case 'snippet':
      return { reason: 'raw NGINX configuration has no Istio form' };
  }
}

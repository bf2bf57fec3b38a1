import { dnsSubdomain } from '../names';
import { GW_GROUP, NGF_API, ngfSize, type PolicyBag } from './bag';
import type { Need } from './types';

type Result = { kind: string } | { reason: string };

const DURATION = /^(\d{1,4})(ms|s|m|h)$/;

/** Istio/Gateway duration (`2.5s`, `1m`) → NGF's 1–4 digit duration. */
function ngfDuration(d: string): string | undefined {
  if (DURATION.test(d)) return d;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
  if (!m) return undefined;
  const ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return ms < 10_000 ? `${Math.ceil(ms)}ms` : `${Math.ceil(ms / 1000)}s`;
}

/** Writes one need as an NGINX Gateway Fabric policy; returns the policy kind, or why it cannot. */
export function nginxPolicy(n: Need, bag: PolicyBag, opts: { snippets: boolean }): Result {
  const f = n.feature;
  const { namespace, name } = n.attach;
  const isRoute = n.attach.kind === 'HTTPRoute' || n.attach.kind === 'GRPCRoute';
  const services = n.attach.kind === 'Service' ? [`${namespace}/${name}`] : (n.attach.services ?? []);
  const upstream = (spec: Record<string, unknown>): Result => {
    const local = services
      .filter((s) => s.startsWith(`${namespace}/`))
      .map((s) => s.slice(namespace.length + 1));
    if (!local.length)
      return { reason: 'no backend Service in the namespace to attach an UpstreamSettingsPolicy to' };
    for (const svc of local)
      bag.add(NGF_API, 'UpstreamSettingsPolicy', namespace, svc, n.source, {
        targetRefs: [{ group: '', kind: 'Service', name: svc }],
        ...spec,
      });
    return { kind: 'UpstreamSettingsPolicy (every route to the Service)' };
  };
  const proxy = (spec: Record<string, unknown>): Result => {
    if (!isRoute) return { reason: 'ProxySettingsPolicy attaches to routes and Gateways' };
    bag.add(NGF_API, 'ProxySettingsPolicy', namespace, name, n.source, {
      targetRefs: [{ group: GW_GROUP, kind: n.attach.kind, name }],
      ...spec,
    });
    return { kind: 'ProxySettingsPolicy' };
  };
  const snippet = (value: string, context: string): Result => {
    if (!opts.snippets)
      return {
        reason: 'only a SnippetsFilter (raw NGINX configuration) can carry it; ask for snippets to write one',
      };
    if (!isRoute) return { reason: 'a SnippetsFilter is referenced from a route rule' };
    bag.add(NGF_API, 'SnippetsFilter', namespace, dnsSubdomain(`${name}-snippets`), n.source, {
      snippets: [{ context, value }],
    });
    return { kind: 'SnippetsFilter' };
  };
  switch (f.type) {
    case 'body-size': {
      const size = ngfSize(f.size);
      if (!size || !isRoute) return { reason: `${f.size} does not fit ClientSettingsPolicy` };
      bag.add(NGF_API, 'ClientSettingsPolicy', namespace, name, n.source, {
        targetRef: { group: GW_GROUP, kind: n.attach.kind, name },
        body: { maxSize: size },
      });
      return { kind: 'ClientSettingsPolicy' };
    }
    case 'proxy-timeouts': {
      const timeout: Record<string, string> = {};
      if (f.connect !== undefined) timeout.connect = `${Math.min(f.connect, 9999)}s`;
      if (f.read !== undefined) timeout.read = `${Math.min(f.read, 9999)}s`;
      if (f.send !== undefined) timeout.send = `${Math.min(f.send, 9999)}s`;
      return proxy({ timeout });
    }
    case 'buffering': {
      const buffering: Record<string, unknown> = {};
      if (f.disable) buffering.disable = true;
      const size = f.bufferSize ? ngfSize(f.bufferSize) : undefined;
      if (size) buffering.bufferSize = size;
      return proxy({ buffering });
    }
    case 'keepalive': {
      const keepAlive: Record<string, unknown> = {};
      if (f.connections !== undefined) keepAlive.connections = f.connections;
      if (f.requests !== undefined) keepAlive.requests = f.requests;
      const time = f.time ? ngfDuration(f.time) : undefined;
      const timeout = f.timeout ? ngfDuration(f.timeout) : undefined;
      if (time) keepAlive.time = time;
      if (timeout) keepAlive.timeout = timeout;
      return upstream({ keepAlive });
    }
    case 'circuit-breaker': {
      if (f.maxRequestsPerConnection === undefined && !f.idleTimeout)
        return { reason: 'NGINX Gateway Fabric has no connection or pending-request limits' };
      const keepAlive: Record<string, unknown> = {};
      if (f.maxRequestsPerConnection !== undefined) keepAlive.requests = f.maxRequestsPerConnection;
      const idle = f.idleTimeout ? ngfDuration(f.idleTimeout) : undefined;
      if (idle) keepAlive.timeout = idle;
      return upstream({ keepAlive });
    }
    case 'load-balancer':
      return upstream({
        loadBalancingMethod:
          f.method === 'round-robin' ? 'round_robin' : f.method === 'random' ? 'random' : 'least_conn',
      });
    case 'hash':
      if (f.by === 'source-ip') return upstream({ loadBalancingMethod: 'ip_hash' });
      if (!/^\$[a-z_]+$/.test(f.nginxKey))
        return { reason: `hash key ${f.nginxKey} does not fit UpstreamSettingsPolicy` };
      return upstream({ loadBalancingMethod: 'hash consistent', hashMethodKey: f.nginxKey });
    case 'ip-allow':
      return snippet(`${f.cidrs.map((c) => `allow ${c};`).join(' ')} deny all;`, 'http.server.location');
    case 'ip-deny':
      return snippet(`${f.cidrs.map((c) => `deny ${c};`).join(' ')} allow all;`, 'http.server.location');
    case 'snippet':
      return snippet(f.value, f.context);
    case 'session-cookie':
      return { reason: 'NGINX Gateway Fabric (open source) has no cookie session persistence' };
    case 'retry':
      return { reason: 'NGINX Gateway Fabric has no retry policy' };
    case 'rate-limit':
      return { reason: 'not written as an NGINX Gateway Fabric policy here' };
    case 'request-timeout':
      return { reason: 'NGINX Gateway Fabric has no total request timeout policy' };
    case 'outlier-detection':
      return { reason: 'NGINX Gateway Fabric has no outlier detection' };
    case 'jwt':
      return { reason: 'JWT validation needs NGINX Plus' };
    case 'tls-ciphers':
      return { reason: 'NGINX Gateway Fabric has no per-Gateway cipher policy' };
  }
}

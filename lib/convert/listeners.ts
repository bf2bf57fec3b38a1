import type { IstioServer } from '../model/istio/spec';
import type { FrontendValidation, Listener } from './gateway-api';
import { isGatewayHostname } from './hosts';
import { certificates, reportTlsExtras, type ServerContext, validation } from './listener-tls';
import { dnsLabel } from './names';
import { fieldPath } from './warnings';

/** A listener before names and allowedRoutes are settled. */
export interface ListenerDraft {
  source: string;
  port: number;
  /** The Istio server's port number (VirtualService `match.port` names it); `port` is what clients use. */
  istioPort: number;
  protocol: Listener['protocol'];
  hostname?: string;
  tls?: Listener['tls'];
  /** Namespaces the Istio server host allowed (`ns/host`); 'any' for a `*` namespace or a bare host. */
  namespaces: Set<string> | 'any';
  /** The Istio server hosts (every server merged here): Istio binds a VirtualService only where its hosts match one. */
  serverHosts: { ns: string | 'any'; host: string }[];
  /** The server has `tls.httpsRedirect`: the listener only redirects to https. */
  redirect: boolean;
  baseName: string;
  multiHost: boolean;
  validation?: FrontendValidation['tls']['validation'];
}

const HTTP_LIKE = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);
const TCP_LIKE = new Set(['TCP', 'MONGO', 'MYSQL', 'REDIS']);

/** Says what becomes of `tls.httpsRedirect`: a redirect route on plain HTTP, nothing elsewhere. */
function reportHttpsRedirect(
  server: IstioServer,
  proto: string,
  mode: string | undefined,
  base: string,
  sc: ServerContext,
): void {
  if (server.tls?.httpsRedirect !== true) return;
  const field = fieldPath(fieldPath(base, 'tls'), 'httpsRedirect');
  const terminates = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  if (HTTP_LIKE.has(proto) && !terminates) {
    sc.report.add(
      'info',
      field,
      'https-redirect',
      `every request on port ${server.port?.number} is answered with a 301 to https by HTTPRoute ${sc.gwName}-https-redirect; VirtualService routes do not attach to this listener (Istio redirected their requests too)`,
    );
    // istiod writes the redirect's virtual host with the host as written, `ns/` included: a domain
    // no request carries, so it redirected only the hosts of VirtualServices bound to the server.
    (server.hosts ?? []).forEach((h, i) => {
      if (!h.includes('/')) return;
      sc.report.add(
        'warning',
        fieldPath(fieldPath(base, 'hosts'), i),
        'https-redirect-host',
        `Istio redirected ${h} under the literal domain "${h}", which no request carries: only hosts of VirtualServices bound to this server were redirected, other hosts got 404; the listener redirects every request for ${h.slice(h.indexOf('/') + 1)}`,
      );
    });
    return;
  }
  sc.report.add(
    'warning',
    field,
    'https-redirect-ignored',
    `httpsRedirect on a ${proto || 'TCP'} server${terminates ? ' that terminates TLS' : ''} redirects nothing (only plain HTTP requests can be redirected); not carried`,
  );
}

/** Protocol, TLS settings and the redirect flag of one server; undefined when it cannot be converted. */
function serverShape(
  server: IstioServer,
  base: string,
  sc: ServerContext,
): Pick<ListenerDraft, 'protocol' | 'tls' | 'redirect' | 'validation'> | undefined {
  const proto = (server.port?.protocol ?? '').toUpperCase();
  const tls = server.tls;
  const tlsBase = fieldPath(base, 'tls');
  // PASSTHROUGH is the proto default of ServerTLSSettings.mode.
  const mode = tls ? (tls.mode ?? 'PASSTHROUGH') : undefined;
  const portName = server.port?.name ?? String(server.port?.number ?? '');
  if (tls) reportTlsExtras(tls, tlsBase, sc);
  reportHttpsRedirect(server, proto, mode, base, sc);
  if (mode === 'AUTO_PASSTHROUGH' || mode === 'ISTIO_MUTUAL') {
    sc.report.add(
      'error',
      fieldPath(tlsBase, 'mode'),
      'tls-mode-unsupported',
      `TLS mode ${mode} (mesh-internal mTLS / SNI auto-passthrough for east-west gateways) has no Gateway API form; server not converted`,
    );
    return undefined;
  }
  if (HTTP_LIKE.has(proto)) {
    if (proto !== 'HTTP')
      sc.report.add(
        'info',
        fieldPath(fieldPath(base, 'port'), 'protocol'),
        'protocol-mapped',
        `${proto} served by an HTTP listener (HTTP/2 and gRPC are accepted on it)`,
      );
    if (mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
      const terminate = {
        mode: 'Terminate' as const,
        certificateRefs: certificates(tls ?? {}, tlsBase, sc, portName),
      };
      return {
        protocol: 'HTTPS',
        tls: terminate,
        redirect: false,
        validation: mode === 'SIMPLE' ? undefined : validation(tls ?? {}, tlsBase, sc, mode),
      };
    }
    return { protocol: 'HTTP', redirect: tls?.httpsRedirect === true };
  }
  if (proto === 'HTTPS' || proto === 'TLS') {
    if (mode === 'PASSTHROUGH') return { protocol: 'TLS', tls: { mode: 'Passthrough' }, redirect: false };
    if (!tls) {
      sc.report.add(
        'error',
        base,
        'tls-missing',
        `${proto} server without tls settings; server not converted`,
      );
      return undefined;
    }
    const terminate = {
      mode: 'Terminate' as const,
      certificateRefs: certificates(tls, tlsBase, sc, portName),
    };
    const v =
      mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL' ? validation(tls, tlsBase, sc, mode) : undefined;
    if (proto === 'TLS') {
      sc.report.add(
        'warning',
        fieldPath(tlsBase, 'mode'),
        'tls-terminate-tcp',
        'a TLS listener that terminates TLS routes TCP/TLS routes in an implementation-specific way',
      );
    }
    return { protocol: proto, tls: terminate, redirect: false, validation: v };
  }
  if (!TCP_LIKE.has(proto)) {
    sc.report.add(
      'warning',
      fieldPath(fieldPath(base, 'port'), 'protocol'),
      'protocol-unknown',
      `protocol ${server.port?.protocol ?? '(none)'} is unknown; served as TCP`,
    );
  } else if (proto !== 'TCP') {
    sc.report.add(
      'info',
      fieldPath(fieldPath(base, 'port'), 'protocol'),
      'protocol-mapped',
      `${proto} served by a TCP listener (no protocol-aware features)`,
    );
  }
  if (tls) sc.report.add('warning', tlsBase, 'tls-on-tcp', 'tls settings on a TCP server are not carried');
  return { protocol: 'TCP', redirect: false };
}

/** Splits an Istio server host `ns/host` into its namespace part and host. */
export function splitServerHost(h: string, gwNamespace: string): { ns: string | 'any'; host: string } {
  const i = h.indexOf('/');
  if (i < 0) return { ns: 'any', host: h };
  const ns = h.slice(0, i);
  return { ns: ns === '*' ? 'any' : ns === '.' ? gwNamespace : ns, host: h.slice(i + 1) };
}

/** One Istio server to listener drafts: one per host (TCP: one per server, TCP has no hostname). */
export function serverListeners(server: IstioServer, index: number, sc: ServerContext): ListenerDraft[] {
  const base = fieldPath(fieldPath('spec', 'servers'), index);
  const portNumber = server.port?.number;
  if (portNumber === undefined || portNumber < 1 || portNumber > 65535) {
    sc.report.add(
      'error',
      fieldPath(base, 'port'),
      'invalid-port',
      'server port missing or out of range; server not converted',
    );
    return [];
  }
  const portPath = fieldPath(base, 'port');
  if (server.bind !== undefined)
    sc.report.add(
      'warning',
      fieldPath(base, 'bind'),
      'server-bind',
      'bind address has no Gateway API form; the listener binds every address',
    );
  if (server.defaultEndpoint !== undefined)
    sc.report.add(
      'warning',
      fieldPath(base, 'defaultEndpoint'),
      'server-default-endpoint',
      'defaultEndpoint (sidecar ingress) has no Gateway API form',
    );
  if (server.port?.targetPort !== undefined)
    sc.report.add(
      'info',
      fieldPath(portPath, 'targetPort'),
      'server-target-port',
      'targetPort is chosen by the implementation for its own Deployment',
    );
  const shape = serverShape(server, base, sc);
  if (!shape) return [];
  const baseName = dnsLabel(server.port?.name || `${shape.protocol}-${portNumber}`);
  const hosts = (server.hosts ?? []).map((h, j) => ({
    ...splitServerHost(h, sc.gwNamespace),
    path: fieldPath(fieldPath(base, 'hosts'), j),
  }));
  if (hosts.length === 0)
    sc.report.add(
      'warning',
      fieldPath(base, 'hosts'),
      'server-no-hosts',
      'server without hosts; converted to a listener for any host',
    );
  const drafts: ListenerDraft[] = [];
  const add = (hostname: string | undefined, ns: string | 'any') => {
    const same = drafts.find((d) => d.hostname === hostname);
    if (same) {
      if (same.namespaces !== 'any') {
        if (ns === 'any') same.namespaces = 'any';
        else same.namespaces.add(ns);
      }
      return;
    }
    drafts.push({
      source: base,
      port: portNumber,
      istioPort: portNumber,
      hostname,
      serverHosts: hosts.length ? hosts.map(({ ns, host }) => ({ ns, host })) : [{ ns: 'any', host: '*' }],
      namespaces: ns === 'any' ? 'any' : new Set([ns]),
      baseName,
      multiHost: false,
      ...shape,
    });
  };
  for (const h of hosts.length ? hosts : [{ ns: 'any' as const, host: '*', path: base }]) {
    if (shape.protocol === 'TCP') {
      add(undefined, h.ns);
      continue;
    }
    const host = h.host.toLowerCase();
    if (host === '*' || host === '') add(undefined, h.ns);
    else if (isGatewayHostname(host)) add(host, h.ns);
    else {
      sc.report.add(
        'warning',
        h.path,
        'listener-hostname',
        `host ${h.host} is not a valid listener hostname (IPs and partial wildcards are not); the listener accepts any host`,
      );
      add(undefined, h.ns);
    }
  }
  for (const d of drafts) d.multiHost = drafts.length > 1;
  return drafts;
}

import type { VirtualServiceSpec } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { type GatewayPlan, type ListenerPlan, listenerAccepts, planGateway } from './gateway';
import {
  GATEWAY_GROUP,
  ISTIO_NETWORKING_GROUP,
  type Listener,
  type ParentRef,
  type RouteKind,
} from './gateway-api';
import { hostMatches, hostnamesIntersect, isGatewayHostname, resolveHost } from './hosts';
import { gatewayKey } from './lookup';
import { fieldPath } from './warnings';

/** Where a VirtualService applies: named Istio Gateways (`ns/name`, in order) and/or the mesh. */
export interface VsBinding {
  gateways: string[];
  mesh: boolean;
  /** The VirtualService hosts, lowercased. */
  hosts: string[];
}

export function vsBinding(spec: VirtualServiceSpec, namespace: string): VsBinding {
  const hosts = (spec.hosts ?? []).map((h) => h.trim().toLowerCase());
  const refs = (spec.gateways ?? []).filter((g) => g !== '');
  if (refs.length === 0) return { gateways: [], mesh: true, hosts };
  const keys = [...new Set(refs.map((g) => gatewayKey(g, namespace)))];
  return { gateways: keys.filter((k) => k !== 'mesh'), mesh: keys.includes('mesh'), hosts };
}

/** Route hostnames for gateway-bound routes: the VirtualService hosts, lowercased; none for `*`. */
export function routeHostnames(
  spec: VirtualServiceSpec,
  ctx: ConvertContext,
  onGateways = true,
): string[] | undefined {
  const out: string[] = [];
  for (const [i, raw] of (spec.hosts ?? []).entries()) {
    let h = raw.trim().toLowerCase();
    if (h === '*') return undefined;
    if (onGateways && /^[a-z0-9-]+$/.test(h)) {
      // Istio reads a short host relative to the VirtualService's namespace, on gateways too.
      h = `${h}.${ctx.namespace}.svc.cluster.local`;
      ctx.report.add(
        'info',
        fieldPath(fieldPath('spec', 'hosts'), i),
        'short-hostname',
        `short host ${raw} is ${h} to Istio; the route hostname is written in full`,
      );
    }
    if (!isGatewayHostname(h)) {
      ctx.report.add(
        'warning',
        fieldPath(fieldPath('spec', 'hosts'), i),
        'route-hostname',
        `host ${raw} is not a valid route hostname (IPs and partial wildcards are not); dropped from hostnames`,
      );
    } else if (!out.includes(h)) out.push(h);
  }
  if (out.length > 16) {
    ctx.report.add(
      'error',
      fieldPath('spec', 'hosts'),
      'too-many-hostnames',
      'a route has at most 16 hostnames; the rest are dropped',
    );
    out.length = 16;
  }
  return out.length ? out : undefined;
}

function admits(l: Listener, ns: string, gwNs: string): boolean {
  const from = l.allowedRoutes?.namespaces.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return ns === gwNs;
  return (l.allowedRoutes?.namespaces.selector?.matchExpressions[0]?.values ?? []).includes(ns);
}

/**
 * Istio binds a VirtualService's TCP rules to a server only when one of its hosts (short ones in the
 * VirtualService's namespace) matches a server host of that namespace; a TCP listener has no
 * hostname, so the server hosts decide.
 */
function serverHostMatches(l: ListenerPlan, hosts: readonly string[], ns: string): boolean {
  return l.serverHosts.some(
    (s) =>
      (s.ns === 'any' || s.ns === ns) &&
      hosts.some((h) => hostMatches(s.host.toLowerCase(), h) || hostMatches(h, s.host.toLowerCase())),
  );
}

/** The VirtualService hosts as Istio matches them against server hosts: short ones in full. */
export function fullHosts(spec: VirtualServiceSpec, ns: string): string[] {
  return (spec.hosts ?? []).map((raw) => {
    const h = raw.trim().toLowerCase();
    return /^[a-z0-9-]+$/.test(h) ? `${h}.${ns}.svc.cluster.local` : h;
  });
}

/**
 * parentRefs to the Gateway converted from Istio Gateway `key`. A sectionName per listener is
 * written when the route must skip some listeners (https-redirect ones) or is limited to a port.
 */
export function gatewayParentRefs(
  key: string,
  kind: RouteKind,
  hostnames: string[] | undefined,
  port: number | undefined,
  ctx: ConvertContext,
): ParentRef[] {
  const [gwNs = ctx.namespace, gwName = key] = key.split('/');
  const base: ParentRef = {
    group: GATEWAY_GROUP,
    kind: 'Gateway',
    name: gwName,
    ...(gwNs !== ctx.namespace ? { namespace: gwNs } : {}),
  };
  const plan: GatewayPlan | undefined = planGateway(key, ctx.lookup);
  const gwField = fieldPath('spec', 'gateways');
  if (!plan) {
    ctx.report.add(
      'warning',
      gwField,
      'gateway-not-found',
      `Istio Gateway ${key} is not in the input; the route refers to a Gateway of that name`,
    );
    return [{ ...base, ...(port !== undefined ? { port } : {}) }];
  }
  const fits = plan.listeners.filter(
    (l) =>
      listenerAccepts(l.listener, kind) &&
      admits(l.listener, ctx.namespace, gwNs) &&
      (!hostnames ||
        (kind === 'TCPRoute'
          ? serverHostMatches(l, hostnames, ctx.namespace)
          : hostnames.some((h) => hostnamesIntersect(l.listener.hostname, h)))),
  );
  const usable = fits.filter((l) => !l.redirect && (port === undefined || l.istioPort === port));
  if (usable.length === 0) {
    ctx.report.add(
      'warning',
      gwField,
      'no-listener',
      `no listener of Gateway ${key} takes ${kind}s for these hosts${port !== undefined ? ` on port ${port}` : ''} from namespace ${ctx.namespace}; not attached there`,
    );
    return [];
  }
  if (port === undefined && usable.length === fits.length) return [base];
  return usable.map((l) => ({ ...base, sectionName: l.listener.name }));
}

/** parentRefs for the mesh (GAMMA): the Service (or Istio ServiceEntry) behind each host. */
export function meshParentRefs(
  spec: VirtualServiceSpec,
  port: number | undefined,
  ctx: ConvertContext,
): ParentRef[] {
  const out = new Map<string, ParentRef>();
  for (const [i, host] of (spec.hosts ?? []).entries()) {
    const p = fieldPath(fieldPath('spec', 'hosts'), i);
    const t = resolveHost(host, ctx.namespace, ctx.lookup);
    let ref: ParentRef;
    if (t.kind === 'service') {
      if (!t.service)
        ctx.report.add(
          'warning',
          p,
          'service-not-found',
          `Service ${t.namespace}/${t.name} is not in the input`,
        );
      if (t.namespace !== ctx.namespace) {
        ctx.report.add(
          'warning',
          p,
          'consumer-route',
          `the Service is in namespace ${t.namespace}: a route in ${ctx.namespace} is a consumer route and only applies to clients in ${ctx.namespace} (the VirtualService applied to every client); move the route to ${t.namespace} for the old reach`,
        );
      }
      ref = {
        group: '',
        kind: 'Service',
        name: t.name,
        ...(t.namespace !== ctx.namespace ? { namespace: t.namespace } : {}),
      };
    } else if (t.kind === 'serviceentry') {
      ctx.report.add(
        'warning',
        p,
        'serviceentry-parent',
        `${host} is a ServiceEntry host; parentRef kind ServiceEntry (networking.istio.io) is Istio-specific`,
      );
      const e = t.entry;
      ref = {
        group: ISTIO_NETWORKING_GROUP,
        kind: 'ServiceEntry',
        name: e.name,
        ...(e.namespace !== ctx.namespace ? { namespace: e.namespace } : {}),
      };
    } else {
      ctx.report.add(
        'error',
        p,
        'mesh-host',
        `mesh host ${host} is not a Service or ServiceEntry in the input; no parentRef for it`,
      );
      continue;
    }
    if (port !== undefined) ref.port = port;
    out.set(`${ref.group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`, ref);
  }
  return [...out.values()];
}

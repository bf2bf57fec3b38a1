import type { KubeObject } from '../k8s/objects';
import type { IstioGatewaySpec, VirtualServiceSpec } from '../model/istio/spec';
import {
  type FrontendValidation,
  GATEWAY_API_VERSION,
  GATEWAY_GROUP,
  type GatewaySpec,
  LIMITS,
  type Listener,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  type RouteKind,
  SOURCE_ANNOTATION,
} from './gateway-api';
import { ingressServices, listenerPort } from './gateway-ports';
import { referenceGrant } from './grants';
import { hostnamesIntersect } from './hosts';
import type { ServerContext } from './listener-tls';
import { type ListenerDraft, serverListeners } from './listeners';
import { type ConvertLookup, memo, type Parsed, type Workload } from './lookup';
import { dnsLabel, dnsSubdomain, uniqueName } from './names';
import type { ConversionWarning } from './types';
import { createReporter, fieldPath, type Reporter } from './warnings';

export interface ListenerPlan {
  listener: Listener;
  /** Only redirects to https (Istio `httpsRedirect`): routes from VirtualServices must not attach. */
  redirect: boolean;
  /** Path of the Istio server (`spec.servers[1]`). */
  source: string;
  /** The Istio server's port number, which VirtualService `match.port` names. */
  istioPort: number;
}

/** What one Istio Gateway becomes; VirtualService conversion reads the listeners to attach routes. */
export interface GatewayPlan {
  source: string;
  namespace: string;
  name: string;
  listeners: ListenerPlan[];
  resources: KubeObject[];
  warnings: ConversionWarning[];
}

const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';

/** True when a listener of this protocol/TLS mode accepts routes of `kind`. */
export function listenerAccepts(l: Listener, kind: RouteKind): boolean {
  if (kind === 'HTTPRoute' || kind === 'GRPCRoute') return l.protocol === 'HTTP' || l.protocol === 'HTTPS';
  if (kind === 'TLSRoute') return l.protocol === 'TLS';
  return l.protocol === 'TCP' || (l.protocol === 'TLS' && l.tls?.mode === 'Terminate');
}

function secretNamespace(
  gw: Parsed<IstioGatewaySpec>,
  selected: readonly Workload[],
  report: Reporter,
): string {
  const namespaces = [...new Set(selected.map((w) => w.namespace))].sort();
  const usesSecrets = (gw.spec.servers ?? []).some(
    (s) => s.tls?.credentialName || s.tls?.credentialNames?.length,
  );
  if (namespaces.length === 1 && namespaces[0]) return namespaces[0];
  if (usesSecrets) {
    const why =
      namespaces.length === 0
        ? 'was not found in the input'
        : `runs in several namespaces (${namespaces.join(', ')})`;
    report.add(
      'info',
      gw.spec.selector ? fieldPath('spec', 'selector') : 'spec',
      'credential-namespace',
      `Istio reads credentialName Secrets from the gateway workload's namespace, which ${why}; the Gateway reads them from ${gw.namespace}`,
    );
  }
  return gw.namespace;
}

/** Which namespaces have VirtualServices bound to this gateway that would use this listener. */
function boundNamespaces(d: ListenerDraft, bound: Parsed<VirtualServiceSpec>[]): Set<string> {
  const out = new Set<string>();
  for (const vs of bound) {
    const s = vs.spec;
    const kinds =
      d.protocol === 'TCP'
        ? !!s.tcp?.length
        : d.protocol === 'TLS'
          ? !!(s.tls?.length || (d.tls?.mode === 'Terminate' && s.tcp?.length))
          : !!s.http?.length;
    if (!kinds) continue;
    if (d.namespaces !== 'any' && !d.namespaces.has(vs.namespace)) continue;
    const hosts = (s.hosts ?? []).map((h) => h.toLowerCase());
    if (
      d.hostname &&
      d.protocol !== 'TCP' &&
      !hosts.some((h) => h === '*' || hostnamesIntersect(d.hostname, h))
    )
      continue;
    out.add(vs.namespace);
  }
  return out;
}

function allowedRoutes(allowed: Set<string>, gwNs: string): Listener['allowedRoutes'] {
  if ([...allowed].every((n) => n === gwNs)) return { namespaces: { from: 'Same' } };
  return {
    namespaces: {
      from: 'Selector',
      selector: { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'In', values: [...allowed].sort() }] },
    },
  };
}

function mergeDrafts(drafts: ListenerDraft[], report: Reporter): ListenerDraft[] {
  const out: ListenerDraft[] = [];
  for (const d of drafts) {
    const same = out.find((o) => o.port === d.port && o.protocol === d.protocol && o.hostname === d.hostname);
    if (!same) {
      const clash = out.find((o) => o.port === d.port && o.protocol !== d.protocol);
      if (clash)
        report.add(
          'warning',
          d.source,
          'port-protocol-conflict',
          `port ${d.port} is used for ${clash.protocol} and ${d.protocol}; implementations reject such listeners`,
        );
      out.push(d);
      continue;
    }
    if (JSON.stringify(same.tls) !== JSON.stringify(d.tls) || same.redirect !== d.redirect) {
      report.add(
        'warning',
        d.source,
        'listener-conflict',
        `another server already serves port ${d.port} ${d.protocol} for ${d.hostname ?? 'any host'} with other settings; this one is merged into it`,
      );
    }
    if (same.namespaces !== 'any') {
      if (d.namespaces === 'any') same.namespaces = 'any';
      else for (const n of d.namespaces) same.namespaces.add(n);
    }
  }
  return out;
}

function frontendValidation(drafts: ListenerDraft[], report: Reporter): FrontendValidation[] {
  const perPort = new Map<number, FrontendValidation>();
  for (const d of drafts) {
    if (!d.validation) continue;
    const existing = perPort.get(d.port);
    if (existing && JSON.stringify(existing.tls.validation) !== JSON.stringify(d.validation)) {
      report.add(
        'warning',
        d.source,
        'tls-validation-conflict',
        `client validation is per port in Gateway API; port ${d.port} already validates with other settings`,
      );
    } else if (!existing) perPort.set(d.port, { port: d.port, tls: { validation: d.validation } });
  }
  const mixed = drafts.filter((d) => d.tls?.mode === 'Terminate' && !d.validation && perPort.has(d.port));
  for (const d of mixed)
    report.add(
      'warning',
      d.source,
      'tls-validation-port',
      `client certificates are now validated for every listener on port ${d.port}`,
    );
  return [...perPort.values()].sort((a, b) => a.port - b.port);
}

function meta(name: string, namespace: string, source: string) {
  return {
    name,
    namespace,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    annotations: { [SOURCE_ANNOTATION]: source },
  };
}

function buildPlan(
  gw: Parsed<IstioGatewaySpec>,
  lookup: ConvertLookup,
  selected: readonly Workload[],
): GatewayPlan {
  const source = `Gateway/${gw.namespace}/${gw.name}`;
  const warnings: ConversionWarning[] = [];
  const report = createReporter(source, warnings);
  report.add(
    'warning',
    gw.spec.selector ? fieldPath('spec', 'selector') : 'spec',
    'gateway-deployment',
    `the Gateway API Gateway gets its own Deployment and Service (${gw.name}-${lookup.opts.gatewayClassName}); the selector is ignored, and the external address and ports change: move DNS and load balancers to the new Service`,
  );
  const sc: ServerContext = {
    gwName: gw.name,
    gwNamespace: gw.namespace,
    secretNamespace: secretNamespace(gw, selected, report),
    report,
  };
  const ingress = ingressServices(gw.spec.selector, selected, lookup);
  let drafts = mergeDrafts(
    (gw.spec.servers ?? []).flatMap((s, i) => {
      const drafts = serverListeners(s, i, sc);
      const first = drafts[0];
      if (!first) return drafts;
      const port = listenerPort(first.port, fieldPath(fieldPath('spec', 'servers'), i), ingress, report);
      for (const d of drafts) d.port = port;
      return drafts;
    }),
    report,
  );
  if (drafts.length > LIMITS.listeners) {
    report.add(
      'error',
      fieldPath('spec', 'servers'),
      'too-many-listeners',
      `more than ${LIMITS.listeners} listeners; the rest are dropped`,
    );
    drafts = drafts.slice(0, LIMITS.listeners);
  }
  const bound = lookup.bindings.get(`${gw.namespace}/${gw.name}`) ?? [];
  const taken = new Set<string>();
  const listeners: ListenerPlan[] = drafts.map((d) => {
    const hostLabel = d.hostname ? d.hostname.replace(/^\*\./, 'wildcard-') : 'any';
    // Listener names are DNS labels: implementations derive port and resource names from them.
    const name = uniqueName(dnsLabel(d.multiHost ? `${d.baseName}-${hostLabel}` : d.baseName), taken, 63);
    const allowed = d.redirect
      ? new Set([gw.namespace])
      : d.namespaces === 'any'
        ? boundNamespaces(d, bound)
        : d.namespaces;
    const listener: Listener = {
      name,
      ...(d.hostname ? { hostname: d.hostname } : {}),
      port: d.port,
      protocol: d.protocol,
    };
    if (d.tls) listener.tls = d.tls;
    if (d.namespaces === 'any' && !d.redirect && allowed.size === 0) {
      // Nothing in the input binds here: keep Istio's meaning of `*/host` (any namespace may bind).
      listener.allowedRoutes = { namespaces: { from: 'All' } };
      report.add(
        'info',
        d.source,
        'allowed-routes-all',
        `no VirtualService of the input uses listener ${name}; it admits routes from all namespaces, as Istio let VirtualServices of any namespace bind`,
      );
    } else {
      listener.allowedRoutes = allowedRoutes(allowed, gw.namespace);
      if (d.namespaces === 'any' && !d.redirect) {
        report.add(
          'warning',
          d.source,
          'allowed-routes-narrowed',
          `Istio let VirtualServices of any namespace bind; listener ${name} admits routes from ${[...allowed].sort().join(', ')} only (the namespaces bound to it in the input): a route from another namespace will not attach until its namespace is added`,
        );
      }
    }
    return { listener, redirect: d.redirect, source: d.source, istioPort: d.istioPort };
  });
  const resources: KubeObject[] = [];
  if (listeners.length === 0) {
    report.add(
      'error',
      fieldPath('spec', 'servers'),
      'gateway-empty',
      'no server could be converted; no Gateway written',
    );
    return { source, namespace: gw.namespace, name: gw.name, listeners, resources, warnings };
  }
  const spec: GatewaySpec = {
    gatewayClassName: lookup.opts.gatewayClassName,
    listeners: listeners.map((l) => l.listener),
  };
  const perPort = frontendValidation(drafts, report);
  if (perPort.length) spec.tls = { frontend: { default: {}, perPort } };
  resources.push({
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: meta(gw.name, gw.namespace, source),
    spec: spec as unknown as Record<string, unknown>,
  });
  const redirects = listeners.filter((l) => l.redirect);
  if (redirects.length) {
    resources.push({
      apiVersion: GATEWAY_API_VERSION,
      kind: 'HTTPRoute',
      metadata: meta(dnsSubdomain(`${gw.name}-https-redirect`), gw.namespace, source),
      spec: {
        parentRefs: redirects.slice(0, LIMITS.parentRefs).map((l) => ({
          group: GATEWAY_GROUP,
          kind: 'Gateway',
          name: gw.name,
          sectionName: l.listener.name,
        })),
        rules: [
          { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
        ],
      },
    });
  }
  if (sc.secretNamespace !== gw.namespace) {
    const secrets = new Set<string>();
    for (const l of listeners) for (const c of l.listener.tls?.certificateRefs ?? []) secrets.add(c.name);
    for (const v of perPort) for (const c of v.tls.validation.caCertificateRefs) secrets.add(c.name);
    if (secrets.size) {
      const to = [...secrets].sort().map((name) => ({ group: '', kind: 'Secret', name }));
      resources.push(referenceGrant(sc.secretNamespace, gw.namespace, ['Gateway'], to, 'certificates'));
      report.add(
        'info',
        'spec',
        'certificate-grant',
        `certificates stay in ${sc.secretNamespace} (the gateway workload's namespace); a ReferenceGrant there lets the Gateway read them`,
      );
    }
  }
  return { source, namespace: gw.namespace, name: gw.name, listeners, resources, warnings };
}

const sameWorkloads = (a: readonly Workload[], b: readonly Workload[]) =>
  a.length === b.length && a.every((w, i) => w === b[i]);

/**
 * The plan for Istio Gateway `ns/name`; undefined when the input does not hold it. Memoised per
 * lookup while the workloads its selector matches are the same (pods elsewhere may churn).
 */
export function planGateway(key: string, lookup: ConvertLookup): GatewayPlan | undefined {
  const gw = lookup.gateways.get(key);
  if (!gw) return undefined;
  const selected = lookup.selectWorkloads(gw.spec.selector);
  const last = memo(lookup, `gateway:${key}`, () => ({
    selected,
    plan: buildPlan(gw, lookup, selected),
  }));
  if (sameWorkloads(last.selected, selected)) return last.plan;
  const plan = buildPlan(gw, lookup, selected);
  lookup.memo.set(`gateway:${key}`, { selected, plan });
  return plan;
}

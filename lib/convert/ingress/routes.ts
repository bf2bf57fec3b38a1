import type { KubeObject } from '../../k8s/objects';
import {
  type BackendRef,
  GATEWAY_API_VERSION,
  type HTTPRouteFilter,
  type HTTPRouteRule,
  LIMITS,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  type ParentRef,
  SOURCE_ANNOTATION,
} from '../gateway-api';
import { dnsSubdomain } from '../names';
import type { Need } from '../targets/types';
import { fieldPath, type Reporter } from '../warnings';
import { annotationField, type IngressSettings } from './annotations';
import { backendRef } from './backend';
import { canaryFor, canaryMatches, weighted } from './canary';
import { NGINX_PREFIX } from './catalogue';
import { ingressGatewayName, type ListenerNeed, listenerName } from './listeners';
import { planPath } from './paths';
import { type IngressFlavor, type IngressPath, type IngressView, tlsFor } from './read';

export interface IngressRouteInput {
  ing: IngressView;
  flavor: IngressFlavor;
  /** ingress-nginx settings (nginx class only). */
  settings?: IngressSettings;
  canaries: IngressView[];
  services: KubeObject[];
  configmaps: KubeObject[];
  report: Reporter;
  /** Reporter of another Ingress of the group (a canary's findings belong to the canary). */
  reporterFor: (ref: string) => Reporter;
}

export interface IngressRoutes {
  resources: KubeObject[];
  listeners: ListenerNeed[];
  needs: Need[];
}

function meta(name: string, namespace: string, source: string) {
  return {
    name,
    namespace,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    annotations: { [SOURCE_ANNOTATION]: source },
  };
}

function routeName(ing: IngressView, host: string, hosts: string[]): string {
  if (hosts.length <= 1) return dnsSubdomain(ing.name);
  return dnsSubdomain(`${ing.name}-${host === '' ? 'any' : host.replace(/^\*\./, 'wildcard.')}`);
}

function parent(gateway: string, section: string): ParentRef {
  return { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway, sectionName: section };
}

function headerFilters(input: IngressRouteInput): HTTPRouteFilter[] {
  const s = input.settings;
  if (!s) return [];
  const filters: HTTPRouteFilter[] = [];
  if (s.hostRewrite) filters.push({ type: 'URLRewrite', urlRewrite: { hostname: s.hostRewrite } });
  if (s.requestHeaders.length)
    filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: s.requestHeaders } });
  if (s.customHeaders) {
    const [ns, name] = s.customHeaders.includes('/')
      ? s.customHeaders.split('/')
      : [input.ing.namespace, s.customHeaders];
    const cm = input.configmaps.find(
      (c) => c.metadata.name === name && (c.metadata.namespace || 'default') === ns,
    );
    const field = annotationField(`${NGINX_PREFIX}custom-headers`);
    if (cm?.data) {
      const set = Object.entries(cm.data)
        .map(([k, v]) => ({ name: k, value: v }))
        .slice(0, LIMITS.headerOps);
      filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: { set } });
    } else
      input.report.add(
        'error',
        field,
        'ingress-custom-headers',
        `ConfigMap ${ns}/${name} with the response headers is not in the input; add its headers as a ResponseHeaderModifier by hand`,
      );
  }
  if (s.cors) filters.push({ type: 'CORS', cors: s.cors });
  return filters;
}

function rulesFor(input: IngressRouteInput, host: string, paths: IngressPath[]): HTTPRouteRule[] {
  const { ing, settings: s, report } = input;
  const rules: HTTPRouteRule[] = [];
  if (s?.appRoot) {
    rules.push({
      matches: [{ path: { type: 'Exact', value: '/' } }],
      filters: [
        {
          type: 'RequestRedirect',
          requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: s.appRoot }, statusCode: 302 },
        },
      ],
    });
  }
  const common = headerFilters(input);
  const all = [...paths];
  if (ing.defaultBackend && !paths.some((p) => p.path === '/' && p.pathType !== 'Exact'))
    all.push({ path: '/', pathType: 'Prefix', backend: ing.defaultBackend, field: 'spec.defaultBackend' });
  for (const p of all) {
    const plan = planPath(p, input.flavor, s, report);
    const filters: HTTPRouteFilter[] = [];
    if (s?.redirect) {
      const r = s.redirect;
      const redirect: Extract<HTTPRouteFilter, { type: 'RequestRedirect' }>['requestRedirect'] = {
        statusCode: r.statusCode,
      };
      if (r.scheme) redirect.scheme = r.scheme;
      if (r.hostname) redirect.hostname = r.hostname;
      if (r.port) redirect.port = r.port;
      if (r.path) redirect.path = { type: 'ReplaceFullPath', replaceFullPath: r.path };
      rules.push({
        matches: [{ path: plan.match }],
        filters: [{ type: 'RequestRedirect', requestRedirect: redirect }],
      });
      continue;
    }
    if (plan.rewrite) {
      const host = common.find((f) => f.type === 'URLRewrite');
      filters.push({
        type: 'URLRewrite',
        urlRewrite: { ...(host?.type === 'URLRewrite' ? host.urlRewrite : {}), path: plan.rewrite },
      });
    }
    filters.push(...common.filter((f) => !(plan.rewrite && f.type === 'URLRewrite')));
    const main = backendRef(p.backend, ing.namespace, input.services, fieldPath(p.field, 'backend'), report);
    if (!main) continue;
    const canary = p.field === 'spec.defaultBackend' ? undefined : canaryFor(input.canaries, host, p.path);
    const canaryRef = canary
      ? backendRef(
          canary.backend,
          ing.namespace,
          input.services,
          canary.field,
          input.reporterFor(canary.ingress.ref),
        )
      : undefined;
    const withFilters = (r: HTTPRouteRule): HTTPRouteRule => (filters.length ? { ...r, filters } : r);
    if (canary && canaryRef) {
      for (const m of canaryMatches(canary))
        rules.push(
          withFilters({ matches: [{ path: plan.match, headers: m.headers }], backendRefs: [canaryRef] }),
        );
      if (canary.header && !canary.header.value && !canary.header.pattern && canary.weight !== undefined)
        rules.push(
          withFilters({
            matches: [
              { path: plan.match, headers: [{ type: 'Exact', name: canary.header.name, value: 'never' }] },
            ],
            backendRefs: [main],
          }),
        );
      rules.push(
        withFilters({ matches: [{ path: plan.match }], backendRefs: weighted(main, canaryRef, canary) }),
      );
    } else rules.push(withFilters({ matches: [{ path: plan.match }], backendRefs: [main] }));
  }
  return rules;
}

function backendServices(rules: HTTPRouteRule[], ns: string): string[] {
  return [
    ...new Set(rules.flatMap((r) => (r.backendRefs ?? []).map((b: BackendRef) => `${ns}/${b.name}`))),
  ].sort();
}

/** HTTPRoutes (or TLSRoutes for ssl-passthrough) of one non-canary Ingress: one per host. */
export function ingressRoutes(input: IngressRouteInput, hosts: string[]): IngressRoutes {
  const { ing, settings: s, report } = input;
  const gateway = ingressGatewayName(ing.className);
  const out: IngressRoutes = { resources: [], listeners: [], needs: [] };
  for (const host of hosts) {
    const name = routeName(ing, host, hosts);
    const paths = ing.rules.filter((r) => (r.host ?? '') === host).flatMap((r) => r.paths);
    const tls = tlsFor(ing, host);
    const hostnames = host ? [host, ...(s?.serverAliases ?? [])].slice(0, LIMITS.hostnames) : [];
    if (s?.passthrough) {
      const p = paths.find((x) => x.path === '/') ?? paths[0];
      const ref = p
        ? backendRef(p.backend, ing.namespace, input.services, fieldPath(p.field, 'backend'), report)
        : undefined;
      out.listeners.push({ host, protocol: 'TLS' });
      if (paths.length > 1)
        report.add(
          'warning',
          annotationField(`${NGINX_PREFIX}ssl-passthrough`),
          'ingress-passthrough-paths',
          `TLS passthrough routes by host only; the paths of ${host || 'the Ingress'} other than ${p?.path} are not carried`,
        );
      for (const f of s.features)
        report.add(
          'error',
          f.field,
          'ingress-passthrough-feature',
          `${f.what}: TLS passthrough never sees HTTP, so this does not apply; not carried`,
        );
      if (ref)
        out.resources.push({
          apiVersion: GATEWAY_API_VERSION,
          kind: 'TLSRoute',
          metadata: meta(name, ing.namespace, ing.ref),
          spec: {
            parentRefs: [parent(gateway, listenerName('TLS', host))],
            ...(host ? { hostnames: [host] } : {}),
            rules: [{ backendRefs: [ref] }],
          },
        });
      continue;
    }
    const rules = rulesFor(input, host, paths);
    if (rules.length > LIMITS.rules) {
      report.add(
        'error',
        'spec.rules',
        'ingress-too-many-rules',
        `${rules.length} rules for ${host || 'any host'}; an HTTPRoute holds ${LIMITS.rules}, the rest are not carried`,
      );
      rules.length = LIMITS.rules;
    }
    const redirect =
      (tls !== undefined && (s?.sslRedirect ?? input.flavor === 'nginx')) || (s?.forceSslRedirect ?? false);
    const parents: ParentRef[] = [];
    if (tls) {
      out.listeners.push(
        tls.secretName ? { host, protocol: 'HTTPS', secret: tls.secretName } : { host, protocol: 'HTTPS' },
      );
      if (!tls.secretName)
        report.add(
          'error',
          tls.field,
          'ingress-tls-no-secret',
          `TLS for ${host || 'any host'} without secretName used the controller's default certificate; the HTTPS listener needs a Secret`,
        );
      parents.push(parent(gateway, listenerName('HTTPS', host)));
    } else if (s?.forceSslRedirect) {
      report.add(
        'warning',
        annotationField(`${NGINX_PREFIX}force-ssl-redirect`),
        'ingress-force-ssl',
        `${host || 'the Ingress'} has no TLS entry: ingress-nginx redirected to HTTPS served with its default certificate; carried without the redirect`,
      );
    }
    out.listeners.push({ host, protocol: 'HTTP' });
    const redirectHttp = redirect && tls !== undefined;
    if (!redirectHttp) parents.push(parent(gateway, listenerName('HTTP', host)));
    const spec: Record<string, unknown> = { parentRefs: parents };
    if (hostnames.length) spec.hostnames = hostnames;
    spec.rules = rules;
    out.resources.push({
      apiVersion: GATEWAY_API_VERSION,
      kind: 'HTTPRoute',
      metadata: meta(name, ing.namespace, ing.ref),
      spec,
    });
    if (redirectHttp) {
      const redirectRules: HTTPRouteRule[] = rules
        .filter((r) => r.matches?.[0]?.path && !r.matches[0].headers)
        .map((r) => ({
          matches: [{ path: r.matches?.[0]?.path ?? { type: 'PathPrefix', value: '/' } }],
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }],
        }));
      out.resources.push({
        apiVersion: GATEWAY_API_VERSION,
        kind: 'HTTPRoute',
        metadata: meta(dnsSubdomain(`${name}-https-redirect`), ing.namespace, ing.ref),
        spec: {
          parentRefs: [parent(gateway, listenerName('HTTP', host))],
          ...(hostnames.length ? { hostnames } : {}),
          rules: redirectRules,
        },
      });
      report.add(
        'info',
        tls?.field ?? 'spec.tls',
        'ingress-ssl-redirect',
        `HTTP requests for ${host || 'any host'} are redirected to HTTPS (308), as ingress-nginx does for hosts with TLS`,
      );
    }
    const attach = {
      kind: 'HTTPRoute' as const,
      namespace: ing.namespace,
      name,
      hosts: hostnames,
      services: backendServices(rules, ing.namespace),
      gateway,
    };
    for (const f of s?.features ?? [])
      out.needs.push({ feature: f.feature, source: ing.ref, field: f.field, what: f.what, attach });
  }
  return out;
}

import type { KubeObject } from '../../k8s/objects';
import type { Need } from '../targets/types';
import type { ConversionWarning } from '../types';
import { createReporter } from '../warnings';
import { type IngressSettings, readSettings } from './annotations';
import { backendTlsPolicies } from './backend-tls';
import { isCanary, reportCanary } from './canary';
import { NGINX_PREFIX } from './catalogue';
import { ingressGateway, type ListenerNeed } from './listeners';
import { defaultIngressClass, flavorOf, type IngressView, ingressHosts, readIngress } from './read';
import { ingressRoutes } from './routes';

/** What the Ingresses need from a conversion's input. */
export interface IngressInput {
  ingresses?: KubeObject[];
  ingressclasses?: KubeObject[];
  services?: KubeObject[];
  configmaps?: KubeObject[];
}

export interface IngressPart {
  source: string;
  resources: KubeObject[];
  warnings: ConversionWarning[];
}

export interface IngressConversion {
  parts: IngressPart[];
  needs: Need[];
}

/**
 * Converts Ingresses to Gateway API: per namespace one Gateway per ingress class (a listener per
 * host and protocol), per Ingress one HTTPRoute per host, canaries merged into their main route.
 * ingress-nginx annotations become filters, `needs` for target policies, or warnings.
 */
export function convertIngresses(
  input: IngressInput,
  opts: { gatewayClassName: string; clusterDomain: string; namespace?: string },
): IngressConversion {
  const classes = input.ingressclasses ?? [];
  const fallback = defaultIngressClass(classes);
  const all = (input.ingresses ?? [])
    .filter((o) => opts.namespace === undefined || (o.metadata.namespace || 'default') === opts.namespace)
    .map((o) => readIngress(o, fallback));
  const groups = new Map<string, IngressView[]>();
  for (const ing of all) {
    const key = `${ing.namespace}\n${ing.className ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), ing]);
  }
  const parts: IngressPart[] = [];
  const needs: Need[] = [];
  for (const members of groups.values()) {
    const flavor = flavorOf(members[0]?.className, classes);
    const canaries = flavor === 'nginx' ? members.filter(isCanary) : [];
    const mains = members.filter((m) => !canaries.includes(m));
    const listeners: ListenerNeed[] = [];
    const pending: { part: IngressPart }[] = members.map((ing) => ({
      part: { source: ing.ref, resources: [], warnings: [] },
    }));
    const reporterFor = (ref: string) =>
      createReporter(ref, pending.find((p) => p.part.source === ref)?.part.warnings ?? []);
    for (const [i, ing] of members.entries()) {
      const part = pending[i]?.part;
      if (!part) continue;
      const report = reporterFor(ing.ref);
      if (!ing.className)
        report.add(
          'warning',
          'spec',
          'ingress-no-class',
          'no ingress class and no default IngressClass: served by whichever controller picks it up; converted as ingress-nginx',
        );
      if (flavor === 'istio')
        report.add(
          'info',
          ing.classField,
          'ingress-istio-class',
          "served by Istio's ingress gateway today; the new Gateway gets its own deployment, Service and address",
        );
      if (canaries.includes(ing)) {
        reportCanary(ing, mains, report);
        continue;
      }
      let settings: IngressSettings | undefined;
      if (flavor === 'nginx') settings = readSettings(ing.annotations, report);
      else
        for (const key of Object.keys(ing.annotations).filter((k) => k.startsWith(NGINX_PREFIX)))
          report.add(
            'info',
            `metadata.annotations["${key}"]`,
            'ingress-annotation-ignored',
            `the ${ing.className ?? ''} class ignores ingress-nginx annotations; not carried`,
          );
      const routes = ingressRoutes(
        {
          ing,
          flavor,
          ...(settings ? { settings } : {}),
          canaries,
          services: input.services ?? [],
          configmaps: input.configmaps ?? [],
          report,
          reporterFor,
        },
        ingressHosts(ing),
      );
      part.resources.push(...routes.resources);
      listeners.push(...routes.listeners);
      needs.push(...routes.needs);
      if (settings) {
        const services = [...new Set(routes.needs.flatMap((n) => n.attach.services ?? []))];
        const backends = services.length
          ? services
          : [...new Set(routes.resources.flatMap((r) => backendNames(r, ing.namespace)))];
        part.resources.push(
          ...backendTlsPolicies(settings, ing.namespace, ing.ref, backends, opts.clusterDomain, report),
        );
      }
    }
    const first = members[0];
    if (!first || listeners.length === 0) {
      parts.push(...pending.map((p) => p.part));
      continue;
    }
    const gateway = ingressGateway(
      first.namespace,
      first.className,
      opts.gatewayClassName,
      listeners,
      members.map((m) => m.ref),
    );
    for (const { part } of pending) {
      part.resources.unshift(gateway);
      parts.push(part);
    }
  }
  return { parts, needs };
}

function backendNames(route: KubeObject, ns: string): string[] {
  const rules = (route.spec as { rules?: { backendRefs?: { name: string }[] }[] } | undefined)?.rules ?? [];
  return rules.flatMap((r) => (r.backendRefs ?? []).map((b) => `${ns}/${b.name}`));
}

import type { KubeObject } from '../k8s/objects';
import { objectRef } from '../k8s/objects';
import type { ConvertContext } from './context';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, SOURCE_ANNOTATION } from './gateway-api';
import { destinationRulesFor } from './indexes';
import type { DestinationRuleSpec, Subset } from './istio-spec';
import type { Parsed, ServiceInfo } from './lookup';
import { serviceName } from './names';
import { fieldPath } from './warnings';

/** The predictable name of the Service that stands for `subset` of Service `svc`. */
export function subsetServiceName(svc: string, subset: string): string {
  return serviceName(`${svc}-${subset}`);
}

interface FoundSubset {
  dr: Parsed<DestinationRuleSpec>;
  index: number;
  subset: Subset;
}

/** The DestinationRule subset Istio would use: a rule in the client namespace, then the Service's, then any. */
export function findSubset(
  svcNs: string,
  svcName: string,
  subset: string,
  clientNs: string,
  ctx: ConvertContext,
): FoundSubset | undefined {
  const candidates = destinationRulesFor(ctx.lookup, svcNs, svcName);
  const rank = (dr: Parsed<DestinationRuleSpec>) =>
    dr.namespace === clientNs ? 0 : dr.namespace === svcNs ? 1 : 2;
  const inputOrder = (a: Parsed<DestinationRuleSpec>, b: Parsed<DestinationRuleSpec>) =>
    a.namespace === b.namespace
      ? a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0
      : a.namespace < b.namespace
        ? -1
        : 1;
  const exactFirst = (dr: Parsed<DestinationRuleSpec>) => (dr.spec.host?.includes('*') ? 1 : 0);
  // Stable sort: input order (namespace, name) breaks ties, as before the index.
  const ordered = [...candidates].sort(
    (a, b) => exactFirst(a) - exactFirst(b) || rank(a) - rank(b) || inputOrder(a, b),
  );
  for (const dr of ordered) {
    const index = (dr.spec.subsets ?? []).findIndex((s) => s.name === subset);
    const found = dr.spec.subsets?.[index];
    if (found) return { dr, index, subset: found };
  }
  return undefined;
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sameSelector(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (!a) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function buildSubsetService(
  svc: ServiceInfo,
  name: string,
  selector: Record<string, string>,
  drRef: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: svc.namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      annotations: { [SOURCE_ANNOTATION]: drRef },
    },
    spec: {
      selector,
      ports: svc.ports.map((p) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        port: p.port,
        ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
        ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
        ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
      })),
    },
  };
}

/**
 * The backend name for `host`+`subset`: a Service `<svc>-<subset>` selecting the Service's pods plus
 * the subset labels, added to the context's side outputs. Reports what cannot be carried.
 */
export function subsetBackendName(
  target: { namespace: string; name: string; service?: ServiceInfo },
  subset: string,
  path: string,
  ctx: ConvertContext,
): string {
  const predictable = subsetServiceName(target.name, subset);
  const found = findSubset(target.namespace, target.name, subset, ctx.namespace, ctx);
  if (!found) {
    ctx.report.add(
      'error',
      path,
      'subset-not-found',
      `no DestinationRule in the input defines subset ${subset} of ${target.namespace}/${target.name}; backend ${predictable} must be created by hand`,
    );
    return predictable;
  }
  const drRef = objectRef(found.dr.obj);
  const drReport = ctx.reporterFor(drRef);
  const subsetPath = fieldPath(fieldPath('spec', 'subsets'), found.index);
  const svc = target.service;
  if (!svc) {
    ctx.report.add(
      'error',
      path,
      'subset-service-unknown',
      `Service ${target.namespace}/${target.name} is not in the input, so Service ${predictable} for subset ${subset} cannot be generated`,
    );
    return predictable;
  }
  if (!svc.selector) {
    ctx.report.add(
      'error',
      path,
      'subset-no-selector',
      `Service ${svc.namespace}/${svc.name} has no selector; a per-subset Service cannot select its pods`,
    );
    return predictable;
  }
  if (svc.ports.length === 0) {
    ctx.report.add(
      'error',
      path,
      'subset-no-ports',
      `Service ${svc.namespace}/${svc.name} has no ports to copy into ${predictable}`,
    );
    return predictable;
  }
  const selector = sortedRecord({ ...svc.selector, ...(found.subset.labels ?? {}) });
  if (!found.subset.labels || Object.keys(found.subset.labels).length === 0) {
    drReport.add(
      'warning',
      subsetPath,
      'subset-no-labels',
      `subset ${subset} has no labels; Service ${predictable} selects the same pods as ${svc.name}`,
    );
  }
  let name = predictable;
  const existing = ctx.lookup.services.get(`${svc.namespace}/${name}`);
  if (existing && existing.obj.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
    if (sameSelector(existing.selector, selector)) {
      ctx.report.add(
        'info',
        path,
        'subset-service-exists',
        `Service ${svc.namespace}/${name} already selects subset ${subset}; it is used as is`,
      );
      return name;
    }
    name = serviceName(`${target.name}-${subset}-subset`);
    ctx.report.add(
      'error',
      path,
      'subset-name-taken',
      `Service ${svc.namespace}/${predictable} exists with another selector; the subset Service is named ${name} instead`,
    );
  }
  if (found.dr.spec.trafficPolicy !== undefined || found.subset.trafficPolicy !== undefined) {
    const field =
      found.subset.trafficPolicy !== undefined
        ? fieldPath(subsetPath, 'trafficPolicy')
        : fieldPath('spec', 'trafficPolicy');
    drReport.add(
      'warning',
      field,
      'subset-traffic-policy',
      `traffic policy for ${found.dr.spec.host} does not apply to the new Service ${name}; add a DestinationRule for ${name} with the policy to keep it`,
    );
  }
  const key = `Service/${svc.namespace}/${name}`;
  if (!ctx.extras.has(key)) ctx.extras.set(key, buildSubsetService(svc, name, selector, drRef));
  return name;
}

import type { KubeObject } from '../k8s/objects';
import { objectRef } from '../k8s/objects';
import type { DestinationRuleSpec, Subset } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, SOURCE_ANNOTATION } from './gateway-api';
import { resolveHost } from './hosts';
import { destinationRulesFor } from './indexes';
import type { Parsed, ServiceInfo } from './lookup';
import { memo } from './lookup';
import { serviceName, shortHash, withSuffix } from './names';
import { fieldPath } from './warnings';

/** The predictable name of the Service that stands for `subset` of Service `svc`. */
export function subsetServiceName(svc: string, subset: string): string {
  return serviceName(`${svc}-${subset}`);
}

/** What a per-subset Service stands for: Service, subset and the pods it selects. */
function claimOf(svc: string, subset: string, selector: Record<string, string>): string {
  return `${svc}\u0000${subset}\u0000${JSON.stringify(selector)}`;
}

/** `<svc>-<subset>-<hash of the claim>`: never equal to another claim's name. */
function suffixedName(svc: string, subset: string, claim: string): string {
  return withSuffix(serviceName(`${svc}-${subset}`), `-${shortHash(claim)}`, 63);
}

/**
 * Every plain `<svc>-<subset>` name the input's DestinationRules could ask for, per namespace, with
 * the claims behind it: two claims on one name (Service `a-b` subset `c`, Service `a` subset `b-c`;
 * or one subset defined with other labels by DestinationRules of two namespaces) both get a suffix,
 * whatever the order of conversion.
 */
function plainNameClaims(lookup: ConvertContext['lookup']): Map<string, Set<string>> {
  return memo(lookup, 'index:subset-name-claims', () => {
    const out = new Map<string, Set<string>>();
    for (const dr of lookup.destinationRules) {
      if (!dr.spec.host) continue;
      const t = resolveHost(dr.spec.host, dr.namespace, lookup);
      if (t.kind !== 'service' || !t.service?.selector) continue;
      for (const sub of dr.spec.subsets ?? []) {
        if (!sub.name) continue;
        const selector = sortedRecord({ ...t.service.selector, ...(sub.labels ?? {}) });
        const key = `${t.namespace}/${subsetServiceName(t.name, sub.name)}`;
        const set = out.get(key) ?? new Set<string>();
        set.add(claimOf(t.name, sub.name, selector));
        out.set(key, set);
      }
    }
    return out;
  });
}

/** Names handed out during this lookup's conversions: `ns/name` to the claim it stands for. */
function allocations(lookup: ConvertContext['lookup']): Map<string, string> {
  return memo(lookup, 'subset-names', () => new Map<string, string>());
}

/**
 * The name of the Service for one subset claim, unique by construction: `<svc>-<subset>` when no
 * other claim wants it, it fits, and no Service of another selector has it; otherwise
 * `<svc>-<subset>-<hash>`. A Service of the input with that name and the same selector is used as is.
 */
function allocateName(
  svc: ServiceInfo,
  subset: string,
  selector: Record<string, string>,
  path: string,
  ctx: ConvertContext,
): { name: string; reuse: boolean } {
  const claim = claimOf(svc.name, subset, selector);
  const plain = `${svc.name}-${subset}`;
  const predictable = subsetServiceName(svc.name, subset);
  const taken = allocations(ctx.lookup);
  const plainKey = `${svc.namespace}/${predictable}`;
  const existing = ctx.lookup.services.get(plainKey);
  const claims = plainNameClaims(ctx.lookup).get(plainKey);
  const owner = taken.get(plainKey);
  let why: string | undefined;
  if (existing && existing.obj.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
    if (sameSelector(existing.selector, selector)) {
      ctx.report.add(
        'info',
        path,
        'subset-service-exists',
        `Service ${svc.namespace}/${predictable} already selects subset ${subset}; it is used as is`,
      );
      return { name: predictable, reuse: true };
    }
    why = `Service ${svc.namespace}/${predictable} exists with another selector`;
  } else if (claims && [...claims].some((c) => c !== claim)) {
    why = `${predictable} would also stand for another Service or subset definition (${[...claims]
      .filter((c) => c !== claim)
      .map((c) => c.split('\u0000').slice(0, 2).join(' subset '))
      .join(', ')})`;
  } else if (owner !== undefined && owner !== claim) {
    why = `${predictable} is already generated for another subset definition`;
  } else if (predictable !== plain && plain.length > 63) {
    why = `${plain} is longer than 63 characters`;
  }
  if (why === undefined) {
    taken.set(plainKey, claim);
    return { name: predictable, reuse: false };
  }
  const name = suffixedName(svc.name, subset, claim);
  taken.set(`${svc.namespace}/${name}`, claim);
  ctx.report.add(
    'warning',
    path,
    'subset-name-taken',
    `${why}; the Service for subset ${subset} of ${svc.name} is named ${name}`,
  );
  return { name, reuse: false };
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
  const { name, reuse } = allocateName(svc, subset, selector, path, ctx);
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
  if (!reuse) {
    const key = `Service/${svc.namespace}/${name}`;
    if (!ctx.extras.has(key)) ctx.extras.set(key, buildSubsetService(svc, name, selector, drRef));
  }
  return name;
}

import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert/types';
import { DATAPLANE_MODE_LABEL } from '../mesh/labels';
import { indexOf } from '../model/cluster-index';
import { convertForPlan } from './conversion';
import { routeParentServices } from './hosts';
import { l7PoliciesToMigrate } from './l7';
import { l7Reasons } from './plan-waypoint';
import { policyFindings } from './preflight-policies';
import { routingFindings } from './preflight-routing';
import { workloadFindings } from './preflight-workloads';
import { nsRef, servicesForSelector } from './resources';
import type { Finding, FindingSeverity } from './types';

const SEVERITY_ORDER: Record<FindingSeverity, number> = { blocker: 0, warning: 1, info: 2 };

/** Blockers first, then warnings, then notes; by id within each (stable output). */
export function sortFindings(findings: Finding[]): Finding[] {
  const unique = new Map(findings.map((f) => [f.id, f]));
  return [...unique.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id),
  );
}

/** Names of the Services of `ns` the waypoint will carry L7 traffic for (routes and migrated policies). */
function l7ServiceNames(resources: ResourceSet, ns: string, conversion: ConversionResult): Set<string> {
  const names = new Set<string>();
  const routes = [
    ...conversion.resources,
    ...indexOf(resources).objects('httproutes', ns),
    ...indexOf(resources).objects('grpcroutes', ns),
  ];
  for (const r of routes)
    for (const s of routeParentServices(r)) if (s.startsWith(`${ns}/`)) names.add(s.slice(ns.length + 1));
  for (const p of l7PoliciesToMigrate(resources, ns)) {
    if (p.selector)
      for (const s of servicesForSelector(resources, ns, p.selector)) names.add(s.metadata.name);
  }
  return names;
}

/** Namespace findings, given the namespace's conversion (shared with the plan to convert once). */
export function findingsFor(resources: ResourceSet, ns: string, conversion: ConversionResult): Finding[] {
  const out: Finding[] = [];
  const nsObj = indexOf(resources).namespace(ns);
  if (!nsObj) {
    out.push({
      id: `namespace-missing:${ns}`,
      severity: 'blocker',
      resource: nsRef(ns),
      message: `Namespace ${ns} was not found (or you cannot read it).`,
      fix: 'Check the namespace name and your permissions.',
    });
  } else if (nsObj.metadata.labels?.[DATAPLANE_MODE_LABEL] === 'ambient') {
    out.push({
      id: `already-ambient:${ns}`,
      severity: 'info',
      resource: nsRef(ns),
      message: `The namespace is already labelled ${DATAPLANE_MODE_LABEL}=ambient.`,
      fix: 'Finish the remaining steps, then verify.',
    });
  }
  const waypointNeeded = l7Reasons(resources, ns, conversion).length > 0;
  out.push(...policyFindings(resources, ns, waypointNeeded));
  out.push(...routingFindings(resources, ns, conversion));
  out.push(...workloadFindings(resources, ns, l7ServiceNames(resources, ns, conversion)));
  return sortFindings(out);
}

/**
 * What blocks or complicates moving namespace `ns` to ambient: EnvoyFilters, Sidecar resources,
 * VMs, PeerAuthentication DISABLE, selector-based L7 policies, DestinationRule subsets,
 * VirtualService features without a Gateway API form, mixed VirtualService/HTTPRoute routing,
 * host-network pods, sidecar tuning annotations, GitOps-managed objects, ServiceEntry exportTo,
 * source matches, SPIRE and zone-aware load balancing. Pure; blockers first.
 */
export function namespaceFindings(
  resources: ResourceSet,
  ns: string,
  opts: { gatewayClassName?: string } = {},
): Finding[] {
  return findingsFor(resources, ns, convertForPlan(resources, ns, opts.gatewayClassName));
}

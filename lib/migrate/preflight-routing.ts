import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert/types';
import { objectRef } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { indexOf } from '../model/cluster-index';
import { isMeshVirtualService, routeParentServices, virtualServiceServices } from './hosts';

import type { Finding } from './types';

const key = (ns: string, name: string) => `${ns}/${name}`;

// VirtualService source matches get their own finding; the converter's copies would repeat them.
const SOURCE_MATCH_FIELD = /sourceLabels|sourceNamespace/;

function conversionFindings(conversion: ConversionResult, ns: string): Finding[] {
  return conversion.warnings
    .filter((w) => w.severity !== 'info' && !SOURCE_MATCH_FIELD.test(w.field))
    .filter((w) => w.resource.split('/')[1] === ns)
    .map((w) => ({
      id: `conversion:${w.resource}:${w.field}`,
      severity: w.severity === 'error' ? ('blocker' as const) : ('warning' as const),
      resource: w.resource,
      message: `${w.field}: ${w.message}`,
      fix:
        w.severity === 'error'
          ? 'Rewrite this part of the VirtualService with a Gateway API feature (or drop it knowingly) before creating the routes.'
          : 'Review the generated route for this field before applying it.',
    }));
}

function subsetFindings(resources: ResourceSet, ns: string): Finding[] {
  return indexOf(resources)
    .objects('destinationrules', ns)
    .filter((dr) => arr(rec(dr.spec)?.subsets).length > 0)
    .map((dr) => {
      const names = arr(rec(dr.spec)?.subsets)
        .map((s) => str(rec(s)?.name))
        .filter(Boolean);
      return {
        id: `dr-subsets:${key(ns, dr.metadata.name)}`,
        severity: 'info' as const,
        resource: objectRef(dr),
        message: `Subsets ${names.join(', ')}: HTTPRoute cannot name subsets, so each used subset becomes its own Service (the host's selector plus the subset labels).`,
        fix: "The create-routes step adds the per-subset Services; the DestinationRule's traffic policy keeps working on the waypoint.",
      };
    });
}

function localityFindings(resources: ResourceSet, ns: string): Finding[] {
  return indexOf(resources)
    .objects('destinationrules', ns)
    .filter((dr) => JSON.stringify(dr.spec ?? {}).includes('"localityLbSetting"'))
    .map((dr) => ({
      id: `locality-lb:${key(ns, dr.metadata.name)}`,
      severity: 'warning' as const,
      resource: objectRef(dr),
      message:
        'Zone-aware load balancing (localityLbSetting) is applied by waypoints only; traffic without a waypoint goes through ztunnel, which does not read it.',
      fix: 'Set spec.trafficDistribution: PreferClose on the Service for zone-local routing that ztunnel honours, or keep a waypoint for this Service.',
    }));
}

function sourceMatchFindings(resources: ResourceSet, ns: string): Finding[] {
  return indexOf(resources)
    .objects('virtualservices', ns)
    .filter((vs) =>
      arr(rec(vs.spec)?.http).some((r) =>
        arr(rec(r)?.match).some((m) => rec(m)?.sourceLabels || rec(m)?.sourceNamespace),
      ),
    )
    .map((vs) => ({
      id: `vs-source-match:${key(ns, vs.metadata.name)}`,
      severity: 'warning' as const,
      resource: objectRef(vs),
      message:
        "Matches on sourceLabels / sourceNamespace: a waypoint does not know the calling pod's labels, so these rules would apply to every caller (or none).",
      fix: 'Split the route by caller another way (a header the caller sets, or a separate Service), or accept that the condition is dropped.',
    }));
}

function exportToFindings(resources: ResourceSet, ns: string): Finding[] {
  return indexOf(resources)
    .objects('serviceentries', ns)
    .filter((se) => arr(rec(se.spec)?.exportTo).length > 0)
    .map((se) => ({
      id: `serviceentry-exportto:${key(ns, se.metadata.name)}`,
      severity: 'warning' as const,
      resource: objectRef(se),
      message: `exportTo (${arr(rec(se.spec)?.exportTo).map(str).join(', ')}) limits visibility for sidecars only; ztunnel and waypoints see the ServiceEntry from every namespace.`,
      fix: 'Restrict access with an AuthorizationPolicy instead of exportTo if the limit matters.',
    }));
}

function mixedRoutingFindings(resources: ResourceSet, ns: string): Finding[] {
  const routed = new Map<string, string[]>();
  for (const r of [
    ...indexOf(resources).objects('httproutes', ns),
    ...indexOf(resources).objects('grpcroutes', ns),
  ]) {
    for (const svc of routeParentServices(r)) routed.set(svc, [...(routed.get(svc) ?? []), objectRef(r)]);
  }
  const out: Finding[] = [];
  for (const vs of indexOf(resources).objects('virtualservices', ns).filter(isMeshVirtualService)) {
    for (const svc of virtualServiceServices(vs, resources)) {
      const routes = routed.get(svc);
      if (!routes) continue;
      out.push({
        id: `vs-and-route:${key(ns, vs.metadata.name)}:${svc}`,
        severity: 'blocker',
        resource: objectRef(vs),
        message: `VirtualService and ${routes.join(', ')} both route Service ${svc}: mixing both for one workload is undefined behaviour on waypoints.`,
        fix: 'Keep one: delete the VirtualService after the HTTPRoute covers its rules, or delete the HTTPRoute.',
      });
    }
  }
  return out;
}

function ingressGatewayFindings(resources: ResourceSet, ns: string): Finding[] {
  return indexOf(resources)
    .objects('istiogateways', ns)
    .map((gw) => ({
      id: `istio-gateway:${key(ns, gw.metadata.name)}`,
      severity: 'info' as const,
      resource: objectRef(gw),
      message:
        'Istio ingress Gateway: it keeps working in ambient mode. A converted Gateway API Gateway gets its own deployment and Service, so its address and ports change.',
      fix: 'Apply the converted Gateway next to the old one, move DNS to its address, then remove the Istio Gateway. Add istio.io/ingress-use-waypoint=true to Services whose ingress traffic must pass the waypoint.',
    }));
}

/** Findings about routing resources (see {@link namespaceFindings}); `conversion` is the namespace's conversion. */
export function routingFindings(resources: ResourceSet, ns: string, conversion: ConversionResult): Finding[] {
  return [
    ...conversionFindings(conversion, ns),
    ...subsetFindings(resources, ns),
    ...localityFindings(resources, ns),
    ...sourceMatchFindings(resources, ns),
    ...exportToFindings(resources, ns),
    ...mixedRoutingFindings(resources, ns),
    ...ingressGatewayFindings(resources, ns),
  ];
}

import type { ResourceSet } from '../cluster/snapshot';
import { objectRef } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { indexOf } from '../model/cluster-index';
import { l7Attributes, l7PoliciesToMigrate } from './l7';
import { hasTargetRefs, servicesForSelector, workloadSelector } from './resources';
import type { Finding } from './types';

/** Istio's default root namespace: mesh-wide policies and EnvoyFilters live there. */
export const ROOT_NAMESPACE = 'istio-system';

const key = (ns: string, name: string) => `${ns}/${name}`;

function envoyFilterFindings(resources: ResourceSet, ns: string): Finding[] {
  const local = indexOf(resources)
    .objects('envoyfilters', ns)
    .map<Finding>((ef) => ({
      id: `envoyfilter:${key(ns, ef.metadata.name)}`,
      severity: 'blocker',
      resource: objectRef(ef),
      message:
        'EnvoyFilter patches sidecar Envoy configuration; waypoints and ztunnel ignore it, so its behaviour silently disappears after the move.',
      fix: 'Replace it with a WasmPlugin or a Gateway API / AuthorizationPolicy feature attached to the waypoint, or delete it if no longer needed.',
    }));
  if (ns === ROOT_NAMESPACE) return local;
  const mesh = indexOf(resources)
    .objects('envoyfilters', ROOT_NAMESPACE)
    .filter((ef) => !workloadSelector(ef) && !hasTargetRefs(ef))
    .map<Finding>((ef) => ({
      id: `envoyfilter-mesh:${key(ns, ef.metadata.name)}`,
      severity: 'warning',
      resource: objectRef(ef),
      message: `Mesh-wide EnvoyFilter from ${ROOT_NAMESPACE} applies to this namespace's sidecars today and will not apply to its waypoint or ztunnel.`,
      fix: 'Check what the filter does and provide it another way (WasmPlugin on the waypoint) before moving.',
    }));
  return [...local, ...mesh];
}

function sidecarResourceFindings(resources: ResourceSet, ns: string): Finding[] {
  return indexOf(resources)
    .objects('sidecars', ns)
    .map((sc) => ({
      id: `sidecar-resource:${key(ns, sc.metadata.name)}`,
      severity: 'warning',
      resource: objectRef(sc),
      message:
        'Sidecar resources (egress host limits, outbound traffic policy, ingress listeners) are ignored in ambient mode.',
      fix: 'Express egress limits with AuthorizationPolicies or an egress waypoint; then delete the Sidecar resource.',
    }));
}

function workloadEntryFindings(resources: ResourceSet, ns: string): Finding[] {
  return indexOf(resources)
    .objects('workloadentries', ns)
    .map((we) => ({
      id: `workloadentry:${key(ns, we.metadata.name)}`,
      severity: 'blocker',
      resource: objectRef(we),
      message: `WorkloadEntry (VM or external workload at ${str(rec(we.spec)?.address) ?? 'unknown address'}): VMs keep running a sidecar-style proxy and are not supported as ambient workloads.`,
      fix: 'Keep the VM on its proxy and make sure it can reach ambient services over HBONE, or move the workload into the cluster first.',
    }));
}

function peerAuthenticationFindings(resources: ResourceSet, ns: string): Finding[] {
  const out: Finding[] = [];
  for (const pa of indexOf(resources).objects('peerauthentications', ns)) {
    const spec = rec(pa.spec);
    const ports = Object.entries(rec(spec?.portLevelMtls) ?? {})
      .filter(([, v]) => str(rec(v)?.mode) === 'DISABLE')
      .map(([p]) => p);
    if (str(rec(spec?.mtls)?.mode) !== 'DISABLE' && ports.length === 0) continue;
    out.push({
      id: `peerauthentication-disable:${key(ns, pa.metadata.name)}`,
      severity: 'warning',
      resource: objectRef(pa),
      message: `mTLS mode DISABLE${ports.length ? ` on port(s) ${ports.join(', ')}` : ''}: ztunnel always uses mTLS between mesh pods and treats DISABLE as PERMISSIVE, so plaintext-only peers inside the mesh behave differently.`,
      fix: 'Use PERMISSIVE for ports that must accept plaintext from outside the mesh, or move those callers into the mesh.',
    });
  }
  return out;
}

function l7PolicyFindings(resources: ResourceSet, ns: string): Finding[] {
  return l7PoliciesToMigrate(resources, ns).map((p) => {
    const ref = objectRef(p.object);
    const base = { resource: ref, id: `l7-policy:${key(ns, p.object.metadata.name)}:${p.kind}` };
    if (p.selector && servicesForSelector(resources, ns, p.selector).length === 0) {
      return {
        ...base,
        severity: 'blocker' as const,
        message: `${p.kind} ${p.why} and selects pods no Service sends to: a waypoint only sees traffic addressed to Services, so it cannot enforce this policy.`,
        fix: 'Put a Service in front of the selected pods, or rewrite the policy with targetRefs by hand.',
      };
    }
    const action = str(rec(p.object.spec)?.action) ?? 'ALLOW';
    const effect =
      p.kind !== 'AuthorizationPolicy'
        ? 'is enforced only by a sidecar or waypoint'
        : action === 'DENY'
          ? 'becomes an L7 DENY that ztunnel cannot evaluate: it is silently not enforced once the sidecar is gone'
          : 'becomes deny-all at ztunnel once the sidecar is gone (ztunnel cannot match L7 rules)';
    return {
      ...base,
      severity: 'warning' as const,
      message: `${p.kind} ${p.why} and is attached by ${p.selector ? 'selector' : 'namespace'}; it ${effect}.`,
      fix: 'The migrate-policies step adds a targetRefs copy on the waypoint; the cleanup step deletes this one after verification. Run cleanup right after verify to keep the gap short.',
    };
  });
}

function l4AllowBehindWaypoint(resources: ResourceSet, ns: string, waypointNeeded: boolean): Finding[] {
  if (!waypointNeeded) return [];
  return indexOf(resources)
    .objects('authorizationpolicies', ns)
    .filter(
      (ap) =>
        !hasTargetRefs(ap) &&
        l7Attributes(ap).length === 0 &&
        (str(rec(ap.spec)?.action) ?? 'ALLOW') === 'ALLOW',
    )
    .filter((ap) =>
      arr(rec(ap.spec)?.rules).some((r) =>
        arr(rec(r)?.from).some((f) => arr(rec(rec(f)?.source)?.principals).length > 0),
      ),
    )
    .map((ap) => ({
      id: `l4-allow-waypoint:${key(ns, ap.metadata.name)}`,
      severity: 'warning' as const,
      resource: objectRef(ap),
      message:
        "L4 ALLOW policy matching caller principals: once traffic flows through the waypoint, ztunnel sees the waypoint's identity instead of the caller's and denies it.",
      fix: 'Add the waypoint service account principal (cluster.local/ns/<ns>/sa/<waypoint>) to the allowed principals, or move the rule to the waypoint with targetRefs.',
    }));
}

/** SPIRE issues identities through a CSI driver or a custom injection template; ambient does not support it. */
function spireFindings(resources: ResourceSet, ns: string): Finding[] {
  const uses = [
    ...indexOf(resources).objects('deployments', ns),
    ...indexOf(resources).objects('statefulsets', ns),
    ...indexOf(resources).objects('daemonsets', ns),
  ].filter((w) => {
    const t = rec(rec(w.spec)?.template);
    const annotations = rec(rec(t?.metadata)?.annotations) ?? {};
    const labels = rec(rec(t?.metadata)?.labels) ?? {};
    const csi = arr(rec(t?.spec)?.volumes).some((v) => str(rec(rec(v)?.csi)?.driver) === 'csi.spiffe.io');
    return (
      csi ||
      str(annotations['inject.istio.io/templates'])?.includes('spire') ||
      'spiffe.io/spire-managed-identity' in labels
    );
  });
  return uses.map((w) => ({
    id: `spire:${key(ns, w.metadata.name)}`,
    severity: 'blocker' as const,
    resource: objectRef(w),
    message:
      'Workload gets its identity from SPIRE; ambient mode (ztunnel) issues identities from istiod only.',
    fix: 'Keep this workload on a sidecar (label the pod istio.io/dataplane-mode=none) or drop SPIRE for it.',
  }));
}

/** Findings about security and extension resources (see {@link namespaceFindings}). */
export function policyFindings(resources: ResourceSet, ns: string, waypointNeeded: boolean): Finding[] {
  return [
    ...envoyFilterFindings(resources, ns),
    ...sidecarResourceFindings(resources, ns),
    ...workloadEntryFindings(resources, ns),
    ...peerAuthenticationFindings(resources, ns),
    ...l7PolicyFindings(resources, ns),
    ...l4AllowBehindWaypoint(resources, ns, waypointNeeded),
    ...spireFindings(resources, ns),
  ];
}

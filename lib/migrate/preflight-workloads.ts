import type { ResourceSet } from '../cluster/snapshot';
import type { KindKey } from '../k8s/kinds';
import { type KubeObject, objectRef } from '../k8s/objects';
import { arr, rec, str, strMap } from '../mesh/fields';
import { SIDECAR_INJECT, SIDECAR_STATUS_ANNOTATION } from '../mesh/labels';
import { indexOf } from '../model/cluster-index';
import { nsRef, podTemplateOf, sidecarWorkloads } from './resources';
import type { Finding } from './types';

const key = (ns: string, name: string) => `${ns}/${name}`;

function hostNetworkFindings(resources: ResourceSet, ns: string): Finding[] {
  const owners = [
    ...indexOf(resources).objects('deployments', ns),
    ...indexOf(resources).objects('statefulsets', ns),
    ...indexOf(resources).objects('daemonsets', ns),
  ];
  const bare = indexOf(resources)
    .objects('pods', ns)
    .filter((p) => !p.metadata.ownerReferences?.length);
  return [...owners, ...bare]
    .filter((o) => podTemplateOf(o).spec.hostNetwork === true)
    .map((o) => ({
      id: `hostnetwork:${key(ns, `${o.kind}/${o.metadata.name}`)}`,
      severity: 'warning' as const,
      resource: objectRef(o),
      message:
        'Runs with hostNetwork: ztunnel cannot capture host-network pods, so after the move this workload is outside the mesh (no mTLS, policies do not apply to it).',
      fix: 'Drop hostNetwork if possible; otherwise allow its plaintext traffic (PERMISSIVE) and exclude it from L4 policies that require mesh identities.',
    }));
}

// Sidecar-only knobs; `inject` and `status` are handled by the plan itself.
const TUNING = /^(traffic\.sidecar\.istio\.io\/|proxy\.istio\.io\/config$|sidecar\.istio\.io\/)/;
const HANDLED = new Set([SIDECAR_INJECT, SIDECAR_STATUS_ANNOTATION]);

function tuningFindings(resources: ResourceSet, ns: string): Finding[] {
  const owners = [
    ...indexOf(resources).objects('deployments', ns),
    ...indexOf(resources).objects('statefulsets', ns),
    ...indexOf(resources).objects('daemonsets', ns),
  ];
  const out: Finding[] = [];
  for (const o of owners) {
    const annotations = strMap(podTemplateOf(o).metadata.annotations) ?? {};
    const keys = Object.keys(annotations)
      .filter((k) => TUNING.test(k) && !HANDLED.has(k))
      .sort();
    if (keys.length === 0) continue;
    out.push({
      id: `sidecar-tuning:${key(ns, `${o.kind}/${o.metadata.name}`)}`,
      severity: 'warning',
      resource: objectRef(o),
      message: `Pod template sets sidecar tuning annotations (${keys.join(', ')}); they have no effect without a sidecar (port exclusions, proxy resources and proxy config are not carried over).`,
      fix: 'Check what each one does: port exclusions may need PeerAuthentication PERMISSIVE or istio.io/dataplane-mode=none; proxy resources move to the waypoint Deployment (Gateway spec.infrastructure).',
    });
  }
  return out;
}

interface Manager {
  tool: 'Helm' | 'Argo CD' | 'Flux';
  name: string;
}

/** The GitOps or package tool that owns an object, from its labels and annotations. */
export function managerOf(obj: KubeObject): Manager | undefined {
  const l = obj.metadata.labels ?? {};
  const a = obj.metadata.annotations ?? {};
  const fluxKs = l['kustomize.toolkit.fluxcd.io/name'];
  const fluxHelm = l['helm.toolkit.fluxcd.io/name'];
  if (fluxKs || fluxHelm) return { tool: 'Flux', name: (fluxHelm ?? fluxKs) as string };
  const argo = l['argocd.argoproj.io/instance'] ?? a['argocd.argoproj.io/tracking-id']?.split(':')[0];
  if (argo) return { tool: 'Argo CD', name: argo };
  const helm =
    a['meta.helm.sh/release-name'] ??
    (l['app.kubernetes.io/managed-by'] === 'Helm'
      ? (l['app.kubernetes.io/instance'] ?? 'unknown release')
      : undefined);
  if (helm) return { tool: 'Helm', name: helm };
  return undefined;
}

// Kinds the plan patches or deletes: changes to them are what a sync would revert.
const PLAN_TOUCHED: KindKey[] = [
  'deployments',
  'statefulsets',
  'daemonsets',
  'services',
  'virtualservices',
  'destinationrules',
  'authorizationpolicies',
  'requestauthentications',
  'wasmplugins',
];

function managedFindings(resources: ResourceSet, ns: string): Finding[] {
  const groups = new Map<string, { m: Manager; refs: string[] }>();
  const nsObj = indexOf(resources).namespace(ns);
  const objects = [
    ...(nsObj ? [nsObj] : []),
    ...PLAN_TOUCHED.flatMap((k) => indexOf(resources).objects(k, ns)),
  ];
  for (const o of objects) {
    const m = managerOf(o);
    if (!m) continue;
    const id = `${m.tool}:${m.name}`;
    const g = groups.get(id) ?? { m, refs: [] };
    g.refs.push(objectRef(o));
    groups.set(id, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, { m, refs }]) => ({
      id: `managed:${ns}:${id.toLowerCase().replace(/\s+/g, '')}`,
      severity: 'warning' as const,
      resource: refs[0] ?? nsRef(ns),
      message: `${refs.length} object(s) managed by ${m.tool} (${m.tool === 'Helm' ? 'release' : 'application'} ${m.name}): ${refs.slice(0, 5).join(', ')}${refs.length > 5 ? ', …' : ''}. A direct change is reverted by the next ${m.tool === 'Helm' ? 'upgrade' : 'sync'}.`,
      fix: `Export the plan as files and commit the changes to the ${m.tool} source instead of applying them directly.`,
    }));
}

function unrestartableFindings(resources: ResourceSet, ns: string): Finding[] {
  return sidecarWorkloads(resources, ns)
    .filter((w) => !['Deployment', 'StatefulSet', 'DaemonSet'].includes(w.ref.kind))
    .map((w) => ({
      id: `unrestartable:${key(ns, `${w.ref.kind}/${w.ref.name}`)}`,
      severity: 'warning' as const,
      resource: `${w.ref.kind}/${ns}/${w.ref.name}`,
      message: `${w.pods.length} sidecar pod(s) owned by ${w.ref.kind} ${w.ref.name}: the restart step cannot roll them; they keep their sidecar until recreated.`,
      fix:
        w.ref.kind === 'Job' || w.ref.kind === 'Pod'
          ? 'Delete and recreate them (or let the next Job run pick up the new labels).'
          : `Recreate them through their owner (${w.ref.kind}).`,
    }));
}

/** Ambient has no protocol sniffing: a waypoint treats ports without a declared protocol as TCP. */
function portProtocolFindings(resources: ResourceSet, ns: string, l7Services: Set<string>): Finding[] {
  const out: Finding[] = [];
  for (const svc of indexOf(resources).objects('services', ns)) {
    if (!l7Services.has(svc.metadata.name)) continue;
    const undeclared = arr(rec(svc.spec)?.ports)
      .map((p) => rec(p))
      .filter(
        (p) =>
          p && !str(p.appProtocol) && !/^(http|http2|https|grpc|grpc-web|h2c)(-|$)/.test(str(p.name) ?? ''),
      )
      .map((p) => String(p?.port));
    if (undeclared.length === 0) continue;
    out.push({
      id: `port-protocol:${key(ns, svc.metadata.name)}`,
      severity: 'warning',
      resource: objectRef(svc),
      message: `Port(s) ${undeclared.join(', ')} declare no protocol (appProtocol or an http-/grpc- name prefix): the waypoint treats them as TCP, so routes and L7 policies do not apply.`,
      fix: 'Set appProtocol: http (or grpc) on the Service port, or rename the port with an http-/grpc- prefix.',
    });
  }
  return out;
}

/** Findings about workloads and ownership (see {@link namespaceFindings}); `l7Services` = Service names the waypoint will serve. */
export function workloadFindings(resources: ResourceSet, ns: string, l7Services: Set<string>): Finding[] {
  return [
    ...hostNetworkFindings(resources, ns),
    ...tuningFindings(resources, ns),
    ...unrestartableFindings(resources, ns),
    ...portProtocolFindings(resources, ns, l7Services),
    ...managedFindings(resources, ns),
  ];
}

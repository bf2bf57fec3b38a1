import type { ResourceSet } from '../cluster/snapshot';
import { type KubeObject, objectRef } from '../k8s/objects';
import { arr, rec, str, strMap } from '../mesh/fields';
import { WAYPOINT_CLASS } from '../mesh/labels';
import { sidecarEvidence } from '../mesh/pod';
import { ownersOf, templateLabels, type WorkloadRef } from '../mesh/workloads';
import { indexOf } from '../model/cluster-index';

export function nsRef(ns: string): string {
  return `Namespace/${ns}`;
}

export { objectRef };

/** `spec.selector.matchLabels` of an Istio policy (AuthorizationPolicy, RequestAuthentication, WasmPlugin, ...). */
export function workloadSelector(obj: KubeObject): Record<string, string> | undefined {
  const spec = rec(obj.spec);
  const sel = rec(spec?.selector) ?? rec(spec?.workloadSelector);
  const labels = strMap(sel?.matchLabels) ?? strMap(sel?.labels);
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/** True when the policy is attached by `targetRef`/`targetRefs` (waypoint or gateway enforced). */
export function hasTargetRefs(obj: KubeObject): boolean {
  const spec = rec(obj.spec);
  return rec(spec?.targetRef) !== undefined || arr(spec?.targetRefs).length > 0;
}

/** The Service's pod selector, or undefined for selector-less Services. */
export function serviceSelector(svc: KubeObject): Record<string, string> | undefined {
  const sel = strMap(rec(svc.spec)?.selector);
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

function subsetOf(small: Record<string, string>, big: Record<string, string> | undefined): boolean {
  if (!big) return false;
  return Object.entries(small).every(([k, v]) => big[k] === v);
}

/**
 * Services of `ns` that send traffic to pods a workload selector picks: some pod (or pod template)
 * carries both the policy's labels and the Service's selector. `services`: the namespace's Services
 * to choose from (by default those in the cluster).
 */
export function servicesForSelector(
  resources: ResourceSet,
  ns: string,
  selector: Record<string, string>,
  services: readonly KubeObject[] = indexOf(resources).objects('services', ns),
): KubeObject[] {
  const labelSets = podLabelSets(resources, ns).filter((l) => subsetOf(selector, l));
  return services.filter((svc) => {
    const sel = serviceSelector(svc);
    return sel !== undefined && labelSets.some((l) => subsetOf(sel, l));
  });
}

/** Labels of every pod and pod template in the namespace (templates cover scaled-to-zero workloads). */
export function podLabelSets(resources: ResourceSet, ns: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const p of indexOf(resources).objects('pods', ns)) out.push(p.metadata.labels ?? {});
  for (const k of ['deployments', 'statefulsets', 'daemonsets'] as const) {
    for (const w of indexOf(resources).objects(k, ns)) {
      const l = templateLabels(w);
      if (l) out.push(l);
    }
  }
  return out;
}

/** Waypoint Gateways (class `istio-waypoint`) of a namespace. */
export function waypointsIn(resources: ResourceSet, ns: string): KubeObject[] {
  return indexOf(resources)
    .objects('gateways', ns)
    .filter((g) => str(rec(g.spec)?.gatewayClassName) === WAYPOINT_CLASS);
}

const PROXY_ROLES = new Set(['router', 'waypoint', 'ztunnel']);

/**
 * Istio's own proxies (gateways, waypoints, ztunnel): their main container is also called
 * `istio-proxy`, but they are not sidecars and are never captured or restarted by the migration.
 */
export function isMeshProxyPod(pod: KubeObject): boolean {
  const labels = pod.metadata.labels ?? {};
  if (labels['gateway.networking.k8s.io/gateway-name'] || labels['gateway.istio.io/managed']) return true;
  return containersOf(rec(pod.spec)).some((c) => {
    if (str(c.name) !== 'istio-proxy') return false;
    const role = str(arr(c.args)[1]);
    return role !== undefined && PROXY_ROLES.has(role);
  });
}

/** A pod carrying an injected sidecar (not one of Istio's own proxies). */
export function isSidecarPod(pod: KubeObject): boolean {
  return !isMeshProxyPod(pod) && sidecarEvidence(pod) !== undefined;
}

/** A workload with sidecar pods, by its top-level controller. */
export interface SidecarWorkload {
  ref: WorkloadRef;
  pods: KubeObject[];
}

/** Top-level controllers (Deployment, StatefulSet, DaemonSet, or a bare Pod...) of the sidecar pods of `ns`. */
export function sidecarWorkloads(resources: ResourceSet, ns: string): SidecarWorkload[] {
  const resolver = ownersOf(indexOf(resources));
  const byId = new Map<string, SidecarWorkload>();
  for (const pod of indexOf(resources).objects('pods', ns)) {
    if (!isSidecarPod(pod)) continue;
    const ref = resolver.workloadOf(pod);
    const id = `${ref.kind}/${ref.name}`;
    const entry = byId.get(id) ?? { ref, pods: [] };
    entry.pods.push(pod);
    byId.set(id, entry);
  }
  return [...byId.values()].sort(
    (a, b) => a.ref.kind.localeCompare(b.ref.kind) || a.ref.name.localeCompare(b.ref.name),
  );
}

/** `spec.template` of a controller, or the pod itself for bare pods: where annotations and spec live. */
export function podTemplateOf(obj: KubeObject): {
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
} {
  if (obj.kind === 'Pod')
    return { metadata: obj.metadata as unknown as Record<string, unknown>, spec: rec(obj.spec) ?? {} };
  const t = rec(rec(obj.spec)?.template);
  return { metadata: rec(t?.metadata) ?? {}, spec: rec(t?.spec) ?? {} };
}

/** SPIFFE principal of a service account. */
export function principal(ns: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `${trustDomain}/ns/${ns}/sa/${serviceAccount}`;
}

/** Parses `1.26.2`, `1.24-alpha.x`, `1.22.0-distroless` into [major, minor, patch]. */
export function parseVersion(v: string | undefined): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The tag of an image reference (`docker.io/istio/pilot:1.26.2` → `1.26.2`), ignoring digests. */
export function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const noDigest = image.split('@')[0] ?? '';
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

/** Containers of a pod spec (plain `containers` plus init containers). */
export function containersOf(podSpec: Record<string, unknown> | undefined): Record<string, unknown>[] {
  return [...arr(podSpec?.containers), ...arr(podSpec?.initContainers)]
    .map((c) => rec(c))
    .filter((c): c is Record<string, unknown> => c !== undefined);
}

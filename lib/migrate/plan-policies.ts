import type { ResourceSet } from '../cluster/snapshot';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, SOURCE_ANNOTATION } from '../convert/gateway-api';
import { withSuffix } from '../convert/names';
import { type KubeObject, objectRef } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { indexOf } from '../model/cluster-index';
import { processWide } from '../model/process-wide';
import { type L7Policy, l7PoliciesToMigrate } from './l7';
import {
  containersOf,
  isSidecarPod,
  podTemplateOf,
  principal,
  serviceSelector,
  servicesForSelector,
} from './resources';

/** Name of the targetRefs copy of a selector-based policy. */
export function waypointCopyName(name: string): string {
  return withSuffix(name, '-waypoint', 253);
}

/** Name of the bypass-protection policy of a Service. */
export function bypassPolicyName(service: string): string {
  return withSuffix(service, '-deny-waypoint-bypass', 253);
}

interface PolicyCopy {
  source: L7Policy;
  copy: KubeObject;
  /** Services the copy targets (empty when it targets the waypoint Gateway). */
  services: KubeObject[];
}

function targetRefsFor(
  p: L7Policy,
  resources: ResourceSet,
  ns: string,
  waypoint: string,
  inNamespace: readonly KubeObject[] | undefined,
): { refs: Record<string, string>[]; services: KubeObject[] } | undefined {
  if (!p.selector)
    return { refs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: waypoint }], services: [] };
  const services = servicesForSelector(resources, ns, p.selector, inNamespace);
  if (services.length === 0) return undefined;
  return { refs: services.map((s) => ({ group: '', kind: 'Service', name: s.metadata.name })), services };
}

/**
 * The targetRefs copies of the namespace's selector-based (or namespace-wide) L7 policies: a
 * selector that picks Service pods becomes `targetRefs` to those Services; a namespace-wide policy
 * targets the waypoint Gateway. Policies whose pods no Service fronts are left out (a blocker finding).
 * `services`: the namespace's Services to target (by default those in the cluster; the plan adds
 * the per-subset Services its routes step creates).
 */
export function policyCopies(
  resources: ResourceSet,
  ns: string,
  waypoint: string,
  services?: readonly KubeObject[],
): PolicyCopy[] {
  const out: PolicyCopy[] = [];
  for (const p of l7PoliciesToMigrate(resources, ns)) {
    const targets = targetRefsFor(p, resources, ns, waypoint, services);
    if (!targets) continue;
    const { selector: _s, workloadSelector: _w, targetRef: _t, ...spec } = rec(p.object.spec) ?? {};
    out.push({
      source: p,
      services: targets.services,
      copy: {
        apiVersion: p.object.apiVersion,
        kind: p.object.kind,
        metadata: {
          name: waypointCopyName(p.object.metadata.name),
          namespace: ns,
          labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
          annotations: { [SOURCE_ANNOTATION]: objectRef(p.object) },
        },
        spec: { ...spec, targetRefs: targets.refs },
      },
    });
  }
  return out;
}

function serviceAccountOf(podSpec: Record<string, unknown>): string {
  return str(podSpec.serviceAccountName) ?? str(podSpec.serviceAccount) ?? 'default';
}

/** Istio gateway proxies (ingress/egress, Gateway API gateways, not waypoints): `istio-proxy` run as `router`. */
function isGatewayProxy(podSpec: Record<string, unknown>): boolean {
  return containersOf(podSpec).some(
    (c) => str(c.name) === 'istio-proxy' && arr(c.args).map(str).includes('router'),
  );
}

/**
 * Callers that reach pods directly during the move and must stay allowed by the bypass
 * protection: every sidecar pod's service account, and Istio gateway proxies (which send to pod
 * IPs unless `istio.io/ingress-use-waypoint` is set). Sorted, unique; the same array while the
 * callers are the same.
 */
export function directCallers(resources: ResourceSet): string[] {
  return indexOf(resources).memo('direct-callers', () => {
    const computed = computeDirectCallers(resources);
    // The same callers as last time are the same array: plans cached on it stay valid.
    const value = sameStrings(computed, callersState.last) ? callersState.last : computed;
    callersState.last = value;
    return value;
  }, ['pods', 'deployments']);
}

const callersState = processWide('plan:direct-callers', () => ({ last: [] as string[] }));

const sameStrings = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** A namespace's callers (sorted): sidecar pods' and gateway proxies' service accounts. */
function podCallers(pods: readonly KubeObject[], ns: string): string[] {
  const found = new Set<string>();
  for (const pod of pods) {
    const spec = rec(pod.spec) ?? {};
    if (isSidecarPod(pod) || isGatewayProxy(spec)) found.add(principal(ns, serviceAccountOf(spec)));
  }
  return [...found].sort();
}

/** A namespace's gateway proxies by their Deployments (sorted). */
function deploymentCallers(deployments: readonly KubeObject[], ns: string): string[] {
  const found = new Set<string>();
  for (const d of deployments) {
    const spec = podTemplateOf(d).spec;
    if (isGatewayProxy(spec)) found.add(principal(ns, serviceAccountOf(spec)));
  }
  return [...found].sort();
}

// Principals read `<trust domain>/ns/<namespace>/sa/<account>`: ordering namespaces by `<namespace>/`
// orders the concatenation of their sorted parts as one sort of every principal would.
const principalOrder = (namespaces: Iterable<string>) =>
  [...namespaces]
    .map((ns) => `${ns}/`)
    .sort()
    .map((k) => k.slice(0, -1));

// The namespaces holding pods or Deployments in principal order, kept while they are the same.
const callerOrder = processWide('plan:caller-order', () => ({
  pods: [] as readonly string[],
  deployments: [] as readonly string[],
  order: [] as string[],
}));

function callerNamespaces(resources: ResourceSet): readonly string[] {
  const ix = indexOf(resources);
  const pods = ix.namespacesWith('pods');
  const deployments = ix.namespacesWith('deployments');
  const last = callerOrder;
  if (!sameStrings(pods, last.pods) || !sameStrings(deployments, last.deployments)) {
    last.order = principalOrder(new Set([...pods, ...deployments]));
    last.pods = pods;
    last.deployments = deployments;
  }
  return last.order;
}

/** Each namespace's part is kept while its pods (or Deployments) are: a pod change costs its namespace. */
function computeDirectCallers(resources: ResourceSet): string[] {
  const ix = indexOf(resources);
  const out: string[] = [];
  for (const ns of callerNamespaces(resources)) {
    const fromPods = ix.perNamespace('pods', ns, 'direct-callers', podCallers);
    const fromDeployments = ix.perNamespace('deployments', ns, 'direct-callers', deploymentCallers);
    const part =
      fromDeployments.length === 0 ? fromPods : [...new Set([...fromPods, ...fromDeployments])].sort();
    for (const p of part) out.push(p);
  }
  return out;
}

/**
 * The principals a bypass protection lets through: the waypoint, then every direct caller. One
 * frozen array per waypoint and callers, shared by every policy that names them: at thousands of
 * sidecar service accounts it is the bulk of a plan.
 */
function allowedPrincipals(
  waypoint: { name: string; namespace: string },
  callers: readonly string[],
): readonly string[] {
  let byWaypoint = allowedMemo.get(callers);
  if (!byWaypoint) {
    byWaypoint = new Map();
    allowedMemo.set(callers, byWaypoint);
  }
  const own = principal(waypoint.namespace, waypoint.name);
  let allowed = byWaypoint.get(own);
  if (!allowed) {
    allowed = Object.freeze([own, ...callers.filter((c) => c !== own)]);
    byWaypoint.set(own, allowed);
  }
  return allowed;
}

const allowedMemo = processWide(
  'plan:bypass-allowed',
  () => new WeakMap<readonly string[], Map<string, readonly string[]>>(),
);

/**
 * A DENY policy on a Service's pods for every caller that is neither the waypoint nor a direct
 * caller still on a sidecar: once ztunnel enforces it, clients cannot skip the waypoint's L7
 * policies by calling pod IPs.
 */
export function bypassProtection(
  svc: KubeObject,
  ns: string,
  waypoint: { name: string; namespace: string },
  callers: readonly string[],
): KubeObject | undefined {
  const selector = serviceSelector(svc);
  if (!selector) return undefined;
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: bypassPolicyName(svc.metadata.name),
      namespace: ns,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      annotations: { [SOURCE_ANNOTATION]: objectRef(svc) },
    },
    spec: {
      selector: { matchLabels: selector },
      action: 'DENY',
      rules: [{ from: [{ source: { notPrincipals: allowedPrincipals(waypoint, callers) } }] }],
    },
  };
}

/**
 * Bypass-protection policies for the Services the copies target (one per Service, sorted).
 * `services`: the namespace's Services, as given to {@link policyCopies}.
 */
export function bypassPolicies(
  resources: ResourceSet,
  ns: string,
  waypoint: { name: string; namespace: string },
  copies: PolicyCopy[],
  inNamespace: readonly KubeObject[] = indexOf(resources).objects('services', ns),
): KubeObject[] {
  const names = new Set(copies.flatMap((c) => c.services.map((s) => s.metadata.name)));
  const callers = directCallers(resources);
  const services = inNamespace.filter((s) => names.has(s.metadata.name) && serviceSelector(s));
  // A Service whose selector includes another's (a per-subset Service) is already covered by that one's policy.
  const covered = (s: KubeObject) =>
    services.some((o) => {
      const small = serviceSelector(o) ?? {};
      const big = serviceSelector(s) ?? {};
      return (
        o !== s &&
        Object.keys(small).length < Object.keys(big).length &&
        Object.entries(small).every(([k, v]) => big[k] === v)
      );
    });
  return services
    .filter((s) => !covered(s))
    .map((s) => bypassProtection(s, ns, waypoint, callers))
    .filter((p): p is KubeObject => p !== undefined);
}

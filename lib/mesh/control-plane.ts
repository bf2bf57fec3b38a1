import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { indexOf } from '../model/cluster-index';
import { detectMeshCa, type MeshCaView, podFacts } from '../platform/mesh-ca';
import { arr, conditionsOf, num, rec, str } from './fields';
import {
  annotation,
  GATEWAY_BUNDLE_VERSION_ANNOTATION,
  GATEWAY_CHANNEL_ANNOTATION,
  label,
  REVISION_LABEL,
} from './labels';

/** Oldest Istio minor where ambient mode is generally available. */
export const MIN_AMBIENT_ISTIO_VERSION = '1.24';

/** One istiod revision. */
export interface IstiodInfo {
  namespace: string;
  name: string;
  revision: string;
  version?: string;
  replicas: number;
  readyReplicas: number;
  ambientEnabled: boolean;
}

/** Readiness of a node agent DaemonSet (ztunnel, istio-cni). */
export interface DaemonSetHealth {
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  /** Counts came from pods because the DaemonSet itself was not listed. */
  fromPods: boolean;
}

/** Gateway API CRDs: `unknown` when no CRD at all could be listed (typically RBAC). */
export interface GatewayApiInfo {
  state: 'installed' | 'missing' | 'unknown';
  bundleVersion?: string;
  channel?: string;
  /** Gateway API kinds (plural) whose CRD is present. */
  crds: string[];
}

/** Something ambient mode needs that the cluster lacks. `id` is stable for the UI and CLI. */
export interface MissingItem {
  id: string;
  message: string;
}

export interface ControlPlaneView {
  istiod: IstiodInfo[];
  ztunnel?: DaemonSetHealth;
  istioCni?: DaemonSetHealth;
  gatewayApi: GatewayApiInfo;
  /** Where workload certificates come from, and whether ztunnel can use it. */
  meshCa: MeshCaView;
  /** True when nothing is missing for ambient. */
  ambientReady: boolean;
  missing: MissingItem[];
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const REQUIRED_GATEWAY_CRDS = ['gatewayclasses', 'gateways', 'httproutes'];

function containers(obj: KubeObject): Record<string, unknown>[] {
  const podSpec = rec(rec(rec(obj.spec)?.template)?.spec);
  return arr(podSpec?.containers)
    .map(rec)
    .filter((c): c is Record<string, unknown> => c !== undefined);
}

/** `1.24.2` from `docker.io/istio/pilot:1.24.2-distroless`; the raw tag when it is not a version. */
export function versionFromImage(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const noDigest = image.split('@')[0] ?? image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const tag = noDigest.slice(colon + 1);
  return /^v?(\d+\.\d+(?:\.\d+)?)/.exec(tag)?.[1] ?? tag;
}

/** Compares `major.minor[.patch]` strings; non-versions compare as equal (unknown is not "too old"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.some(Number.isNaN) || pb.some(Number.isNaN)) return 0;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function isIstiod(d: KubeObject): boolean {
  const n = d.metadata.name;
  return n === 'istiod' || n.startsWith('istiod-') || label(d, 'app') === 'istiod';
}

function ambientEnabled(d: KubeObject): boolean {
  const env = containers(d).flatMap((c) => arr(c.env).map(rec));
  if (env.some((e) => str(e?.name) === 'PILOT_ENABLE_AMBIENT' && str(e?.value)?.toLowerCase() === 'true'))
    return true;
  // Installers that record the profile as a label (`*profile=ambient`).
  return Object.entries(d.metadata.labels ?? {}).some(([k, v]) => k.endsWith('profile') && v === 'ambient');
}

function istiodInfo(d: KubeObject): IstiodInfo {
  const discovery = containers(d).find((c) => str(c.name) === 'discovery') ?? containers(d)[0];
  const version =
    versionFromImage(str(discovery?.image)) ??
    label(d, 'operator.istio.io/version') ??
    label(d, 'app.kubernetes.io/version');
  const info: IstiodInfo = {
    namespace: d.metadata.namespace ?? '',
    name: d.metadata.name,
    revision: label(d, REVISION_LABEL) ?? 'default',
    replicas: num(rec(d.spec)?.replicas) ?? 1,
    readyReplicas: num(rec(d.status)?.readyReplicas) ?? 0,
    ambientEnabled: ambientEnabled(d),
  };
  if (version) info.version = version;
  return info;
}

function podReady(p: KubeObject): boolean {
  return conditionsOf(p.status).some((c) => c.type === 'Ready' && c.status === 'True');
}

const ZTUNNEL: AgentMatch = { names: ['ztunnel'], labels: [['app', 'ztunnel']] };
const ISTIO_CNI: AgentMatch = {
  names: ['istio-cni-node', 'istio-cni'],
  labels: [
    ['k8s-app', 'istio-cni-node'],
    ['app', 'istio-cni-node'],
  ],
};

interface AgentMatch {
  names: string[];
  labels: [string, string][];
}

const agentLabelled = (agent: AgentMatch) => (o: KubeObject) =>
  agent.labels.some(([k, v]) => label(o, k) === v);

/** The node agent's pods, read per namespace (only when its DaemonSet cannot be seen). */
function agentPods(resources: ResourceSet, agent: AgentMatch): KubeObject[] {
  const ix = indexOf(resources);
  const matches = agentLabelled(agent);
  const out: KubeObject[] = [];
  for (const ns of ix.namespacesWith('pods'))
    for (const p of ix.perNamespace('pods', ns, `agent-pods:${agent.names[0]}`, (ps) => ps.filter(matches)))
      out.push(p);
  return out;
}

/** The node agent's DaemonSet, by name or by the labels its pods carry. */
function agentDaemonSet(resources: ResourceSet, agent: AgentMatch): KubeObject | undefined {
  const labelled = agentLabelled(agent);
  return resources.daemonsets.find((d) => agent.names.includes(d.metadata.name) || labelled(d));
}

function daemonSetHealth(resources: ResourceSet, agent: AgentMatch): DaemonSetHealth | undefined {
  const { names } = agent;
  const ds = agentDaemonSet(resources, agent);
  if (ds) {
    const status = rec(ds.status);
    return {
      namespace: ds.metadata.namespace ?? '',
      name: ds.metadata.name,
      desired: num(status?.desiredNumberScheduled) ?? 0,
      ready: num(status?.numberReady) ?? 0,
      fromPods: false,
    };
  }
  const pods = agentPods(resources, agent);
  const first = pods[0];
  if (!first) return undefined;
  return {
    namespace: first.metadata.namespace ?? '',
    name: first.metadata.ownerReferences?.[0]?.name ?? names[0] ?? '',
    desired: pods.length,
    ready: pods.filter(podReady).length,
    fromPods: true,
  };
}

function gatewayApi(crds: KubeObject[], resources: ResourceSet): GatewayApiInfo {
  const gw = crds.filter(
    (c) => str(rec(c.spec)?.group) === GATEWAY_GROUP || c.metadata.name.endsWith(`.${GATEWAY_GROUP}`),
  );
  const plurals = gw.map((c) => c.metadata.name.split('.')[0] ?? '').sort();
  if (crds.length === 0) {
    // Objects of a Gateway API kind prove its CRD exists even when CRDs cannot be listed.
    const seen =
      resources.gateways.length + resources.httproutes.length + resources.gatewayclasses.length > 0;
    return { state: seen ? 'installed' : 'unknown', crds: [] };
  }
  const ref = gw.find((c) => c.metadata.name === `gateways.${GATEWAY_GROUP}`) ?? gw[0];
  const info: GatewayApiInfo = { state: gw.length > 0 ? 'installed' : 'missing', crds: plurals };
  const bundle = annotation(ref, GATEWAY_BUNDLE_VERSION_ANNOTATION);
  const channel = annotation(ref, GATEWAY_CHANNEL_ANNOTATION);
  if (bundle) info.bundleVersion = bundle;
  if (channel) info.channel = channel;
  return info;
}

/**
 * Finds istiod revisions, the ztunnel and istio-cni DaemonSets and the Gateway API CRDs, and lists
 * what ambient mode still needs.
 */
export function detectControlPlane(resources: ResourceSet): ControlPlaneView {
  const istiod = resources.deployments.filter(isIstiod).map(istiodInfo);
  const ztunnel = daemonSetHealth(resources, ZTUNNEL);
  const istioCni = daemonSetHealth(resources, ISTIO_CNI);
  const gw = gatewayApi(resources.customresourcedefinitions, resources);
  const missing: MissingItem[] = [];
  if (istiod.length === 0) {
    missing.push({
      id: 'istiod',
      message: 'istiod not found (no Deployment istiod, istiod-<revision> or app=istiod)',
    });
  } else {
    if (!istiod.some((i) => i.ambientEnabled)) {
      missing.push({
        id: 'istiod-ambient',
        message:
          'istiod does not have ambient enabled (PILOT_ENABLE_AMBIENT=true; install with the ambient profile)',
      });
    }
    const old = istiod.filter((i) => i.version && compareVersions(i.version, MIN_AMBIENT_ISTIO_VERSION) < 0);
    for (const i of old) {
      missing.push({
        id: `istiod-version:${i.revision}`,
        message: `istiod ${i.revision} runs Istio ${i.version}; ambient needs ${MIN_AMBIENT_ISTIO_VERSION} or newer`,
      });
    }
    if (!istiod.some((i) => i.readyReplicas > 0))
      missing.push({ id: 'istiod-ready', message: 'no istiod replica is ready' });
  }
  pushAgent(missing, 'ztunnel', 'ztunnel DaemonSet', ztunnel);
  pushAgent(missing, 'istio-cni', 'istio-cni node DaemonSet', istioCni);
  if (gw.state === 'missing') {
    missing.push({ id: 'gateway-api-crds', message: 'Gateway API CRDs are not installed' });
  } else if (gw.state === 'installed' && gw.crds.length > 0) {
    const absent = REQUIRED_GATEWAY_CRDS.filter((p) => !gw.crds.includes(p));
    if (absent.length > 0) {
      missing.push({ id: 'gateway-api-crds', message: `Gateway API CRDs missing: ${absent.join(', ')}` });
    }
  }
  const meshCa = detectMeshCa(resources);
  if (meshCa.severity === 'blocker') missing.push({ id: `mesh-ca:${meshCa.kind}`, message: meshCa.message });
  return { istiod, ztunnel, istioCni, gatewayApi: gw, meshCa, ambientReady: missing.length === 0, missing };
}

function pushAgent(missing: MissingItem[], id: string, what: string, h: DaemonSetHealth | undefined): void {
  if (!h) missing.push({ id, message: `${what} not found` });
  else if (h.desired === 0 || h.ready < h.desired) {
    missing.push({
      id: `${id}-ready`,
      message: `${what} ${h.namespace}/${h.name}: ${h.ready}/${h.desired} ready`,
    });
  }
}

// Every kind detectControlPlane reads but pods, which it reads only through what `podsSeen` returns.
const CONTROL_PLANE_KINDS = [
  'deployments',
  'daemonsets',
  'statefulsets',
  'customresourcedefinitions',
  'gateways',
  'httproutes',
  'gatewayclasses',
  'configmaps',
  'casecrets',
] as const;

/** What detectControlPlane reads from pods, gathered per namespace: equal facts, equal answer. */
function podsSeen(resources: ResourceSet): unknown[] {
  const seen: unknown[] = [];
  for (const agent of [ZTUNNEL, ISTIO_CNI]) {
    seen.push(agentDaemonSet(resources, agent) ? [] : agentPods(resources, agent));
  }
  seen.push(podFacts(resources));
  return seen;
}

const samePodsSeen = (a: unknown[], b: unknown[]) =>
  a.length === b.length &&
  a.every((x, i) => {
    const y = b[i];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((o, j) => o === y[j]);
    return JSON.stringify(x) === JSON.stringify(y);
  });

/**
 * {@link detectControlPlane} kept across snapshots while the kinds it reads are the same and what
 * it reads from pods (agent pods, mesh-CA facts) is too: pod churn elsewhere costs a pass over the
 * namespaces' memoised facts, not a walk over every pod and Deployment.
 */
export function controlPlaneOf(resources: ResourceSet): ControlPlaneView {
  const seen = podsSeen(resources);
  const last = indexOf(resources).memo(
    'control-plane',
    () => ({ seen, view: detectControlPlane(resources) }),
    CONTROL_PLANE_KINDS,
  );
  if (!samePodsSeen(last.seen, seen)) {
    last.seen = seen;
    last.view = detectControlPlane(resources);
  }
  return last.view;
}

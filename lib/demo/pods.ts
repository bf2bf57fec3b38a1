/** Pods as the demo's controllers create them: placed, addressed, injected and with a status. */
import type { KubeObject, OwnerReference } from '../k8s/objects';
import { nodeIP } from './ids';
import { ambientWanted, injectionRevision, injectSidecar, withRedirection } from './inject';
import type { DemoStore } from './store';

/** Field managers the simulated controllers write as. */
export const MANAGERS = {
  controllers: 'kube-controller-manager',
  kubelet: 'kubelet',
  cni: 'istio-cni',
  istiod: 'pilot-discovery',
  scenario: 'kubectl',
} as const;

/** Demo-only annotation: of a workload's pods at start, only the first N carry a sidecar. */
export const SIDECAR_PODS_ANNOTATION = 'demo.mesh-migrator.io/sidecar-pods';
/** Demo-only annotation on Namespace istio-system: the cluster's node count. */
export const NODES_ANNOTATION = 'demo.mesh-migrator.io/nodes';

export interface ControllerContext {
  store: DemoStore;
  nodes: string[];
  /** Loading the scenario: pods start ready and the demo-only overrides apply. */
  initial: boolean;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export function ownerRef(owner: KubeObject): OwnerReference & { blockOwnerDeletion: boolean } {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isPodReady(pod: KubeObject): boolean {
  const conds = (pod.status?.conditions ?? []) as { type: string; status: string }[];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Pods of `namespace` owned by `owner`. */
export function podsOf(store: DemoStore, owner: KubeObject): KubeObject[] {
  return store.ownedBy('pods', owner.metadata.uid);
}

function podStatus(pod: KubeObject, ready: boolean, now: string): Record<string, unknown> {
  const spec = (pod.spec ?? {}) as {
    containers?: { name: string; image: string }[];
    initContainers?: { name: string; image: string }[];
  };
  const r = ready ? 'True' : 'False';
  const cond = (type: string, status: string) => ({
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  return {
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers', 'True'),
      cond('Initialized', 'True'),
      cond('Ready', r),
      cond('ContainersReady', r),
      cond('PodScheduled', 'True'),
    ],
    qosClass: 'Burstable',
    startTime: now,
    containerStatuses: (spec.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    })),
    ...(spec.initContainers?.length
      ? {
          initContainerStatuses: spec.initContainers.map((c) => ({
            name: c.name,
            image: c.image,
            imageID: '',
            ready: true,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } },
          })),
        }
      : {}),
  };
}

/** The pod with its Ready conditions and container statuses switched to ready. */
export function markReady(pod: KubeObject, now: string): KubeObject {
  const status = structuredClone(pod.status ?? {}) as {
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    containerStatuses?: { ready: boolean }[];
  };
  for (const c of status.conditions ?? []) {
    if ((c.type === 'Ready' || c.type === 'ContainersReady') && c.status !== 'True') {
      c.status = 'True';
      c.lastTransitionTime = now;
    }
  }
  for (const c of status.containerStatuses ?? []) c.ready = true;
  return { ...pod, status };
}

export interface PodArgs {
  owner: KubeObject;
  template: PodTemplate;
  name: string;
  /** Workload name, for Istio's canonical-name label. */
  workload: string;
  extraLabels?: Record<string, string>;
  extraSpec?: Record<string, unknown>;
  /** Node index; round-robin when omitted. */
  node?: number;
  /** Force a sidecar on (true) or off (false); undefined lets the injector decide. */
  sidecar?: boolean;
}

/**
 * Builds a pod from a template the way the API server, the scheduler, istiod's injector, istio-cni
 * and the kubelet together would. Injection and ambient enrolment follow the labels in force now.
 */
export function buildPod(ctx: ControllerContext, a: PodArgs): KubeObject {
  const { store } = ctx;
  const ns = a.owner.metadata.namespace;
  const nsObj = store.get('namespaces', undefined, ns ?? '');
  const node = a.node ?? store.ids.nextNode(ctx.nodes.length);
  const spec = { ...structuredClone(a.template.spec ?? {}), ...(a.extraSpec ?? {}) } as Record<
    string,
    unknown
  >;
  spec.nodeName = ctx.nodes[node] ?? ctx.nodes[0];
  spec.serviceAccountName ??= 'default';
  const metadata = {
    name: a.name,
    namespace: ns,
    labels: { ...(a.template.metadata?.labels ?? {}), ...(a.extraLabels ?? {}) },
    annotations: { ...(a.template.metadata?.annotations ?? {}) },
    ownerReferences: [ownerRef(a.owner)],
  };
  let pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  const wanted = injectionRevision(nsObj, metadata, spec);
  const revision = a.sidecar === false ? undefined : (wanted ?? (a.sidecar ? 'default' : undefined));
  if (revision) pod = injectSidecar(pod, revision, a.workload);
  pod = withRedirection(pod, ambientWanted(nsObj, pod));
  const now = store.timestamp();
  const hostIP = nodeIP(node);
  const podIP = spec.hostNetwork ? hostIP : store.ids.podIP(node);
  pod.status = {
    ...podStatus(pod, ctx.initial, now),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
  };
  return pod;
}

/** Sidecar override for the pod at `index` from the demo-only annotation (initial load only). */
export function sidecarOverride(
  ctx: ControllerContext,
  workload: KubeObject,
  index: number,
): boolean | undefined {
  if (!ctx.initial) return undefined;
  const raw = workload.metadata.annotations?.[SIDECAR_PODS_ANNOTATION];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return index < Number(raw);
}

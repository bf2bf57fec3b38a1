import type { KubeObject } from '../k8s/objects';
import { arr, rec, str } from './fields';
import {
  AMBIENT_REDIRECTION_ANNOTATION,
  annotation,
  DATAPLANE_MODE_LABEL,
  GATEWAY_NAME_LABEL,
  INJECTION_LABEL,
  label,
  MANAGED_GATEWAY_LABEL,
  MESH_CONTROLLER_VALUE,
  PROXY_CONTAINER,
  REVISION_LABEL,
  SIDECAR_INJECT,
  SIDECAR_STATUS_ANNOTATION,
} from './labels';

/** What actually carries a pod's mesh traffic today. */
export type PodDataplane = 'sidecar' | 'ambient' | 'ambient-pending' | 'none';

/** Data plane of one pod and a one-line explanation a user can act on. */
export interface PodClassification {
  dataplane: PodDataplane;
  reason: string;
}

/** How the pod got its sidecar, or undefined when it has none. */
export function sidecarEvidence(pod: KubeObject): string | undefined {
  if (annotation(pod, SIDECAR_STATUS_ANNOTATION) !== undefined)
    return `annotation ${SIDECAR_STATUS_ANNOTATION}`;
  const spec = rec(pod.spec);
  if (arr(spec?.containers).some((c) => str(rec(c)?.name) === PROXY_CONTAINER)) {
    return `${PROXY_CONTAINER} container`;
  }
  const native = arr(spec?.initContainers).some((c) => {
    const r = rec(c);
    return str(r?.name) === PROXY_CONTAINER && str(r?.restartPolicy) === 'Always';
  });
  return native ? `${PROXY_CONTAINER} native sidecar (init container, restartPolicy Always)` : undefined;
}

/** Where ambient intent comes from (`pod label` / `namespace label`), or undefined; pod `none` opts out. */
export function ambientIntent(pod: KubeObject, namespace: KubeObject | undefined): string | undefined {
  const podMode = label(pod, DATAPLANE_MODE_LABEL);
  if (podMode === 'none') return undefined;
  if (podMode === 'ambient') return `pod label ${DATAPLANE_MODE_LABEL}=ambient`;
  if (label(namespace, DATAPLANE_MODE_LABEL) === 'ambient')
    return `namespace label ${DATAPLANE_MODE_LABEL}=ambient`;
  return undefined;
}

/** Where sidecar-injection intent comes from, or undefined. Explicit pod opt-out wins. */
export function injectionIntent(pod: KubeObject, namespace: KubeObject | undefined): string | undefined {
  const podInject = label(pod, SIDECAR_INJECT) ?? annotation(pod, SIDECAR_INJECT);
  if (podInject === 'false') return undefined;
  if (podInject === 'true') return `pod ${SIDECAR_INJECT}=true`;
  const podRev = label(pod, REVISION_LABEL);
  if (podRev) return `pod label ${REVISION_LABEL}=${podRev}`;
  if (label(namespace, INJECTION_LABEL) === 'enabled') return `namespace label ${INJECTION_LABEL}=enabled`;
  const nsRev = label(namespace, REVISION_LABEL);
  if (nsRev && label(namespace, INJECTION_LABEL) !== 'disabled')
    return `namespace label ${REVISION_LABEL}=${nsRev}`;
  return undefined;
}

/**
 * Gateways and waypoints run Envoy as their main `istio-proxy` container (`proxy router` /
 * `proxy waypoint`): they are mesh infrastructure, not sidecar workloads to migrate.
 */
export function meshProxyKind(pod: KubeObject): 'gateway' | 'waypoint' | 'ztunnel' | undefined {
  // ztunnel's own container is also named istio-proxy; it is the node proxy, not a sidecar.
  if (label(pod, 'app') === 'ztunnel') return 'ztunnel';
  if (label(pod, GATEWAY_NAME_LABEL) !== undefined || label(pod, MANAGED_GATEWAY_LABEL) !== undefined) {
    return label(pod, MANAGED_GATEWAY_LABEL) === MESH_CONTROLLER_VALUE ? 'waypoint' : 'gateway';
  }
  const template = annotation(pod, 'inject.istio.io/templates');
  if (template === 'waypoint' || template === 'gateway') return template;
  const proxy = arr(rec(pod.spec)?.containers)
    .map(rec)
    .find((c) => str(c?.name) === PROXY_CONTAINER);
  const args = arr(proxy?.args);
  if (args.includes('waypoint')) return 'waypoint';
  if (args.includes('router')) return 'gateway';
  return undefined;
}

function isHostNetwork(pod: KubeObject): boolean {
  return rec(pod.spec)?.hostNetwork === true;
}

/**
 * Classifies a pod the way Istio does: a sidecar wins over ambient; `ambient.istio.io/redirection:
 * enabled` (set by istio-cni) means captured by ztunnel; ambient intent without that annotation, or
 * with a sidecar still attached, is pending. Host-network pods are never captured.
 */
export function classifyPod(pod: KubeObject, namespace: KubeObject | undefined): PodClassification {
  if (isHostNetwork(pod)) {
    return { dataplane: 'none', reason: 'host-network pod: never captured by a sidecar or ztunnel' };
  }
  const proxy = meshProxyKind(pod);
  if (proxy)
    return {
      dataplane: 'none',
      reason: `Istio ${proxy} proxy: mesh infrastructure, not a workload to migrate`,
    };
  const intent = ambientIntent(pod, namespace);
  const sidecar = sidecarEvidence(pod);
  if (sidecar) {
    if (!intent) return { dataplane: 'sidecar', reason: `sidecar injected (${sidecar})` };
    const injection = injectionIntent(pod, namespace);
    const cleanup = injection
      ? `; remove injection (${injection}) before restarting or it is injected again`
      : '';
    return {
      dataplane: 'ambient-pending',
      reason: `ambient intent (${intent}) but still carries a sidecar until restarted${cleanup}`,
    };
  }
  const redirection = annotation(pod, AMBIENT_REDIRECTION_ANNOTATION);
  if (redirection === 'enabled') {
    const optedOut =
      label(pod, DATAPLANE_MODE_LABEL) === 'none' ? '; pod now opts out and will be released' : '';
    return {
      dataplane: 'ambient',
      reason: `captured by ztunnel (annotation ${AMBIENT_REDIRECTION_ANNOTATION}=enabled)${optedOut}`,
    };
  }
  if (intent) {
    const detail =
      redirection === 'pending'
        ? 'istio-cni has started but not finished capturing it (redirection pending)'
        : `no ${AMBIENT_REDIRECTION_ANNOTATION} annotation yet; check that istio-cni runs on its node`;
    return { dataplane: 'ambient-pending', reason: `ambient intent (${intent}) but not captured: ${detail}` };
  }
  return { dataplane: 'none', reason: noneReason(pod, namespace) };
}

function noneReason(pod: KubeObject, namespace: KubeObject | undefined): string {
  if (label(pod, DATAPLANE_MODE_LABEL) === 'none') {
    return `opted out with pod label ${DATAPLANE_MODE_LABEL}=none`;
  }
  const podInject = label(pod, SIDECAR_INJECT) ?? annotation(pod, SIDECAR_INJECT);
  if (podInject === 'false') return `sidecar injection disabled on the pod (${SIDECAR_INJECT}=false)`;
  const injection = injectionIntent(pod, namespace);
  if (injection) return `injection enabled (${injection}) but pod has no sidecar: created before; restart it`;
  if (label(namespace, INJECTION_LABEL) === 'disabled') {
    return `injection disabled on the namespace (${INJECTION_LABEL}=disabled)`;
  }
  return 'not in the mesh: no injection or ambient label on the namespace or pod';
}

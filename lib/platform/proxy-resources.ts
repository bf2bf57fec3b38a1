/** What one Istio proxy reserves: the sidecar of a pod, a ztunnel, a waypoint. Pure. */
import type { KubeObject } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { annotation, PROXY_CONTAINER } from '../mesh/labels';
import { cpuMillicores, memoryBytes } from './quantity';

/** CPU and memory, requested or limited. Limits are absent when unbounded. */
export interface ProxyResources {
  cpuRequestMillicores: number;
  memoryRequestBytes: number;
  cpuLimitMillicores?: number;
  memoryLimitBytes?: number;
  /** Where the figures come from. */
  source: 'container' | 'native-sidecar' | 'annotations' | 'istio-default';
}

const MI = 2 ** 20;

/** Istio's injection template defaults (`global.proxy.resources`), also used for waypoints. */
export const ISTIO_PROXY_DEFAULT = {
  cpuRequestMillicores: 100,
  memoryRequestBytes: 128 * MI,
  cpuLimitMillicores: 2000,
  memoryLimitBytes: 1024 * MI,
} as const;

/** The ztunnel Helm chart's default requests. */
export const ZTUNNEL_DEFAULT = { cpuRequestMillicores: 200, memoryRequestBytes: 512 * MI } as const;

export const PROXY_CPU = 'sidecar.istio.io/proxyCPU';
export const PROXY_MEMORY = 'sidecar.istio.io/proxyMemory';
export const PROXY_CPU_LIMIT = 'sidecar.istio.io/proxyCPULimit';
export const PROXY_MEMORY_LIMIT = 'sidecar.istio.io/proxyMemoryLimit';

type Container = Record<string, unknown>;

function containerResources(c: Container): Partial<Omit<ProxyResources, 'source'>> {
  const res = rec(c.resources);
  const out: Partial<Omit<ProxyResources, 'source'>> = {};
  const set = <K extends keyof typeof out>(k: K, v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('cpuRequestMillicores', cpuMillicores(rec(res?.requests)?.cpu));
  set('memoryRequestBytes', memoryBytes(rec(res?.requests)?.memory));
  set('cpuLimitMillicores', cpuMillicores(rec(res?.limits)?.cpu));
  set('memoryLimitBytes', memoryBytes(rec(res?.limits)?.memory));
  return out;
}

function annotationResources(pod: KubeObject): Partial<Omit<ProxyResources, 'source'>> {
  const out: Partial<Omit<ProxyResources, 'source'>> = {};
  const cpu = cpuMillicores(annotation(pod, PROXY_CPU));
  const mem = memoryBytes(annotation(pod, PROXY_MEMORY));
  const cpuLimit = cpuMillicores(annotation(pod, PROXY_CPU_LIMIT));
  const memLimit = memoryBytes(annotation(pod, PROXY_MEMORY_LIMIT));
  if (cpu !== undefined) out.cpuRequestMillicores = cpu;
  if (mem !== undefined) out.memoryRequestBytes = mem;
  if (cpuLimit !== undefined) out.cpuLimitMillicores = cpuLimit;
  if (memLimit !== undefined) out.memoryLimitBytes = memLimit;
  return out;
}

/** The sidecar container of a pod spec: `istio-proxy`, or the native-sidecar init container. */
export function proxyContainer(podSpec: unknown): { container: Container; native: boolean } | undefined {
  const spec = rec(podSpec);
  const main = arr(spec?.containers)
    .map(rec)
    .find((c) => str(c?.name) === PROXY_CONTAINER);
  if (main) return { container: main, native: false };
  const init = arr(spec?.initContainers)
    .map(rec)
    .find((c) => str(c?.name) === PROXY_CONTAINER && str(c?.restartPolicy) === 'Always');
  return init ? { container: init, native: true } : undefined;
}

/**
 * What a pod's sidecar reserves. The injected container is the truth (the annotations were applied
 * to it at injection); a pod without one but with the annotations (a dump, a template) uses them;
 * otherwise Istio's defaults. `undefined` when the pod has no sidecar and no proxy annotations.
 */
export function sidecarResources(pod: KubeObject, hasSidecar: boolean): ProxyResources | undefined {
  const found = proxyContainer(pod.spec);
  const fromAnnotations = annotationResources(pod);
  if (!found && !hasSidecar) return undefined;
  const fromContainer = found ? containerResources(found.container) : {};
  const hasContainerFigures = Object.keys(fromContainer).length > 0;
  const hasAnnotations = Object.keys(fromAnnotations).length > 0;
  const source: ProxyResources['source'] = hasContainerFigures
    ? found?.native
      ? 'native-sidecar'
      : 'container'
    : hasAnnotations
      ? 'annotations'
      : 'istio-default';
  // Per field: container, then annotation, then Istio's default (limits only from the first two).
  const figures = { ...fromAnnotations, ...fromContainer };
  const out: ProxyResources = {
    cpuRequestMillicores: figures.cpuRequestMillicores ?? ISTIO_PROXY_DEFAULT.cpuRequestMillicores,
    memoryRequestBytes: figures.memoryRequestBytes ?? ISTIO_PROXY_DEFAULT.memoryRequestBytes,
    source,
  };
  const cpuLimit =
    figures.cpuLimitMillicores ??
    (source === 'istio-default' ? ISTIO_PROXY_DEFAULT.cpuLimitMillicores : undefined);
  const memLimit =
    figures.memoryLimitBytes ??
    (source === 'istio-default' ? ISTIO_PROXY_DEFAULT.memoryLimitBytes : undefined);
  if (cpuLimit !== undefined) out.cpuLimitMillicores = cpuLimit;
  if (memLimit !== undefined) out.memoryLimitBytes = memLimit;
  return out;
}

/**
 * Requests of the proxy of a Deployment or DaemonSet template (a waypoint, ztunnel): its
 * `istio-proxy` container (or its only container), else the given default.
 */
export function templateProxyResources(
  workload: KubeObject | undefined,
  fallback: { cpuRequestMillicores: number; memoryRequestBytes: number },
): ProxyResources {
  const podSpec = rec(rec(rec(workload?.spec)?.template)?.spec);
  const containers = arr(podSpec?.containers).map(rec);
  const c =
    containers.find((x) => str(x?.name) === PROXY_CONTAINER) ??
    (containers.length === 1 ? containers[0] : undefined);
  const figures = c ? containerResources(c) : {};
  const out: ProxyResources = {
    cpuRequestMillicores: figures.cpuRequestMillicores ?? fallback.cpuRequestMillicores,
    memoryRequestBytes: figures.memoryRequestBytes ?? fallback.memoryRequestBytes,
    source:
      figures.cpuRequestMillicores !== undefined || figures.memoryRequestBytes !== undefined
        ? 'container'
        : 'istio-default',
  };
  if (figures.cpuLimitMillicores !== undefined) out.cpuLimitMillicores = figures.cpuLimitMillicores;
  if (figures.memoryLimitBytes !== undefined) out.memoryLimitBytes = figures.memoryLimitBytes;
  return out;
}

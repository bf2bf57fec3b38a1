/** Simulated sidecar injection (istiod's webhook) and ambient enrolment (istio-cni). Pure. */
import type { KubeObject, ObjectMeta } from '../k8s/objects';

export const PROXY_IMAGE = 'docker.io/istio/proxyv2:1.30.3';
export const SIDECAR_STATUS = 'sidecar.istio.io/status';
export const REDIRECTION = 'ambient.istio.io/redirection';

interface PodSpecLike {
  hostNetwork?: boolean;
  containers?: { name: string; [k: string]: unknown }[];
  initContainers?: { name: string; [k: string]: unknown }[];
  volumes?: { name: string; [k: string]: unknown }[];
  [k: string]: unknown;
}

type PodMeta = Pick<ObjectMeta, 'labels' | 'annotations'>;

/** The revision whose injector handles a pod, or undefined when no injector would. */
export function injectionRevision(
  namespace: KubeObject | undefined,
  pod: PodMeta,
  spec: PodSpecLike,
): string | undefined {
  if (spec.hostNetwork) return undefined;
  const nsLabels = namespace?.metadata.labels ?? {};
  const labels = pod.labels ?? {};
  const podInject = labels['sidecar.istio.io/inject'] ?? pod.annotations?.['sidecar.istio.io/inject'];
  if (podInject === 'false' || nsLabels['istio-injection'] === 'disabled') return undefined;
  const rev = labels['istio.io/rev'] ?? nsLabels['istio.io/rev'];
  if (nsLabels['istio-injection'] === 'enabled') return 'default';
  if (rev) return rev;
  // The webhook also matches pods labelled inject=true in unlabelled namespaces.
  if (podInject === 'true') return 'default';
  return undefined;
}

/** Ambient intent (namespace or pod label) and no opt-out; sidecar and hostNetwork pods are never captured. */
export function ambientWanted(namespace: KubeObject | undefined, pod: KubeObject): boolean {
  const spec = (pod.spec ?? {}) as PodSpecLike;
  if (spec.hostNetwork || pod.metadata.annotations?.[SIDECAR_STATUS]) return false;
  const podMode = pod.metadata.labels?.['istio.io/dataplane-mode'];
  if (podMode === 'none') return false;
  return podMode === 'ambient' || namespace?.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient';
}

/** The pod with `ambient.istio.io/redirection` set or removed as istio-cni would; same object when unchanged. */
export function withRedirection(pod: KubeObject, enabled: boolean): KubeObject {
  const has = pod.metadata.annotations?.[REDIRECTION] === 'enabled';
  if (has === enabled) return pod;
  const annotations = { ...(pod.metadata.annotations ?? {}) };
  if (enabled) annotations[REDIRECTION] = 'enabled';
  else delete annotations[REDIRECTION];
  return { ...pod, metadata: { ...pod.metadata, annotations } };
}

const ISTIO_VOLUMES = [
  { name: 'workload-socket', emptyDir: {} },
  { name: 'credential-socket', emptyDir: {} },
  { name: 'workload-certs', emptyDir: {} },
  { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
  { name: 'istio-data', emptyDir: {} },
  {
    name: 'istio-podinfo',
    downwardAPI: {
      items: [
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
        { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
      ],
    },
  },
  {
    name: 'istio-token',
    projected: {
      sources: [
        { serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } },
      ],
    },
  },
  { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
];

const PROXY_MOUNTS = [
  { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
  { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
  { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
  { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
  { name: 'istio-data', mountPath: '/var/lib/istio/data' },
  { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
  { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
  { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
];

function proxyContainer(annotations: Record<string, string>) {
  return {
    name: 'istio-proxy',
    image: PROXY_IMAGE,
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning'],
    ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
    env: [
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
    ],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 15 },
    resources: {
      requests: {
        cpu: annotations['sidecar.istio.io/proxyCPU'] ?? '100m',
        memory: annotations['sidecar.istio.io/proxyMemory'] ?? '128Mi',
      },
      limits: {
        cpu: annotations['sidecar.istio.io/proxyCPULimit'] ?? '2',
        memory: annotations['sidecar.istio.io/proxyMemoryLimit'] ?? '1Gi',
      },
    },
    securityContext: {
      runAsUser: 1337,
      runAsGroup: 1337,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
    },
    volumeMounts: PROXY_MOUNTS,
  };
}

/**
 * The pod as istiod's injection webhook returns it: `istio-validation` init container (istio-cni is
 * installed), `istio-proxy` container, Istio volumes, labels and the `sidecar.istio.io/status` annotation.
 */
export function injectSidecar(pod: KubeObject, revision: string, workloadName: string): KubeObject {
  const spec = structuredClone((pod.spec ?? {}) as PodSpecLike);
  const labels = { ...(pod.metadata.labels ?? {}) };
  const annotations = { ...(pod.metadata.annotations ?? {}) };
  const appContainer = spec.containers?.[0]?.name ?? 'app';
  const volumes = ISTIO_VOLUMES.map((v) => v.name);
  spec.initContainers = [
    ...(spec.initContainers ?? []),
    {
      name: 'istio-validation',
      image: PROXY_IMAGE,
      args: ['istio-iptables', '--run-validation', '--skip-rule-apply'],
      securityContext: { runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true },
    },
  ];
  spec.containers = [...(spec.containers ?? []), proxyContainer(annotations)];
  spec.volumes = [...(spec.volumes ?? []), ...structuredClone(ISTIO_VOLUMES)];
  labels['security.istio.io/tlsMode'] = 'istio';
  labels['service.istio.io/canonical-name'] ??= labels.app ?? workloadName;
  labels['service.istio.io/canonical-revision'] ??= labels.version ?? 'latest';
  annotations['istio.io/rev'] = revision;
  annotations['kubectl.kubernetes.io/default-container'] = appContainer;
  annotations['kubectl.kubernetes.io/default-logs-container'] = appContainer;
  annotations['prometheus.io/path'] = '/stats/prometheus';
  annotations['prometheus.io/port'] = '15020';
  annotations['prometheus.io/scrape'] = 'true';
  annotations[SIDECAR_STATUS] = JSON.stringify({
    initContainers: ['istio-validation'],
    containers: ['istio-proxy'],
    volumes,
    imagePullSecrets: null,
    revision,
  });
  return { ...pod, metadata: { ...pod.metadata, labels, annotations }, spec };
}

/**
 * One descriptor per resource kind the product reads. Used by the real cluster cache, the demo
 * cluster, the YAML file loader, the CLI and the UI alike.
 */

export type KindKey =
  | 'namespaces'
  | 'pods'
  | 'services'
  | 'deployments'
  | 'statefulsets'
  | 'daemonsets'
  | 'replicasets'
  | 'serviceaccounts'
  | 'configmaps'
  | 'customresourcedefinitions'
  | 'virtualservices'
  | 'destinationrules'
  | 'istiogateways'
  | 'serviceentries'
  | 'sidecars'
  | 'envoyfilters'
  | 'peerauthentications'
  | 'authorizationpolicies'
  | 'requestauthentications'
  | 'wasmplugins'
  | 'workloadentries'
  | 'gatewayclasses'
  | 'gateways'
  | 'httproutes'
  | 'grpcroutes'
  | 'tcproutes'
  | 'tlsroutes'
  | 'referencegrants'
  | 'certificates'
  | 'issuers'
  | 'clusterissuers'
  | 'ipaddresspools'
  | 'l2advertisements'
  | 'bgpadvertisements'
  | 'casecrets'
  | 'ingresses'
  | 'ingressclasses'
  | 'backendtlspolicies';

export interface KindDescriptor {
  key: KindKey;
  kind: string;
  group: string;
  /** Preferred version to read and write. */
  version: string;
  /** Other served versions accepted on input (e.g. v1beta1, v1alpha3 for Istio). */
  altVersions?: string[];
  plural: string;
  namespaced: boolean;
  /** Comes from a CRD: may be missing from a cluster. */
  crd: boolean;
  /** Human label for the UI. */
  label: string;
  /** ConfigMaps are listed only with a label selector (audit records), never all of them. */
  labelSelector?: string;
  /** Listed only with this field selector (the `cacerts` Secret, never every Secret). */
  fieldSelector?: string;
}

const ISTIO_NET = 'networking.istio.io';
const ISTIO_SEC = 'security.istio.io';
const ISTIO_EXT = 'extensions.istio.io';
const GW = 'gateway.networking.k8s.io';
const CERT_MANAGER = 'cert-manager.io';
const METALLB = 'metallb.io';

/** Label that marks ConfigMaps holding migration records. */
export const RECORD_LABEL = 'mesh-migrator.io/record';

export const KINDS: readonly KindDescriptor[] = [
  {
    key: 'namespaces',
    kind: 'Namespace',
    group: '',
    version: 'v1',
    plural: 'namespaces',
    namespaced: false,
    crd: false,
    label: 'Namespaces',
  },
  {
    key: 'pods',
    kind: 'Pod',
    group: '',
    version: 'v1',
    plural: 'pods',
    namespaced: true,
    crd: false,
    label: 'Pods',
  },
  {
    key: 'services',
    kind: 'Service',
    group: '',
    version: 'v1',
    plural: 'services',
    namespaced: true,
    crd: false,
    label: 'Services',
  },
  {
    key: 'deployments',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    namespaced: true,
    crd: false,
    label: 'Deployments',
  },
  {
    key: 'statefulsets',
    kind: 'StatefulSet',
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    namespaced: true,
    crd: false,
    label: 'StatefulSets',
  },
  {
    key: 'daemonsets',
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    namespaced: true,
    crd: false,
    label: 'DaemonSets',
  },
  {
    key: 'replicasets',
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    namespaced: true,
    crd: false,
    label: 'ReplicaSets',
  },
  {
    key: 'serviceaccounts',
    kind: 'ServiceAccount',
    group: '',
    version: 'v1',
    plural: 'serviceaccounts',
    namespaced: true,
    crd: false,
    label: 'ServiceAccounts',
  },
  {
    key: 'configmaps',
    kind: 'ConfigMap',
    group: '',
    version: 'v1',
    plural: 'configmaps',
    namespaced: true,
    crd: false,
    label: 'Migration records',
    labelSelector: RECORD_LABEL,
  },
  {
    key: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    namespaced: false,
    crd: false,
    label: 'CRDs',
  },
  {
    key: 'virtualservices',
    kind: 'VirtualService',
    group: ISTIO_NET,
    version: 'v1',
    altVersions: ['v1beta1', 'v1alpha3'],
    plural: 'virtualservices',
    namespaced: true,
    crd: true,
    label: 'VirtualServices',
  },
  {
    key: 'destinationrules',
    kind: 'DestinationRule',
    group: ISTIO_NET,
    version: 'v1',
    altVersions: ['v1beta1', 'v1alpha3'],
    plural: 'destinationrules',
    namespaced: true,
    crd: true,
    label: 'DestinationRules',
  },
  {
    key: 'istiogateways',
    kind: 'Gateway',
    group: ISTIO_NET,
    version: 'v1',
    altVersions: ['v1beta1', 'v1alpha3'],
    plural: 'gateways',
    namespaced: true,
    crd: true,
    label: 'Istio Gateways',
  },
  {
    key: 'serviceentries',
    kind: 'ServiceEntry',
    group: ISTIO_NET,
    version: 'v1',
    altVersions: ['v1beta1', 'v1alpha3'],
    plural: 'serviceentries',
    namespaced: true,
    crd: true,
    label: 'ServiceEntries',
  },
  {
    key: 'sidecars',
    kind: 'Sidecar',
    group: ISTIO_NET,
    version: 'v1',
    altVersions: ['v1beta1', 'v1alpha3'],
    plural: 'sidecars',
    namespaced: true,
    crd: true,
    label: 'Sidecars',
  },
  {
    key: 'envoyfilters',
    kind: 'EnvoyFilter',
    group: ISTIO_NET,
    version: 'v1alpha3',
    plural: 'envoyfilters',
    namespaced: true,
    crd: true,
    label: 'EnvoyFilters',
  },
  {
    key: 'workloadentries',
    kind: 'WorkloadEntry',
    group: ISTIO_NET,
    version: 'v1',
    altVersions: ['v1beta1', 'v1alpha3'],
    plural: 'workloadentries',
    namespaced: true,
    crd: true,
    label: 'WorkloadEntries',
  },
  {
    key: 'peerauthentications',
    kind: 'PeerAuthentication',
    group: ISTIO_SEC,
    version: 'v1',
    altVersions: ['v1beta1'],
    plural: 'peerauthentications',
    namespaced: true,
    crd: true,
    label: 'PeerAuthentications',
  },
  {
    key: 'authorizationpolicies',
    kind: 'AuthorizationPolicy',
    group: ISTIO_SEC,
    version: 'v1',
    altVersions: ['v1beta1'],
    plural: 'authorizationpolicies',
    namespaced: true,
    crd: true,
    label: 'AuthorizationPolicies',
  },
  {
    key: 'requestauthentications',
    kind: 'RequestAuthentication',
    group: ISTIO_SEC,
    version: 'v1',
    altVersions: ['v1beta1'],
    plural: 'requestauthentications',
    namespaced: true,
    crd: true,
    label: 'RequestAuthentications',
  },
  {
    key: 'wasmplugins',
    kind: 'WasmPlugin',
    group: ISTIO_EXT,
    version: 'v1alpha1',
    plural: 'wasmplugins',
    namespaced: true,
    crd: true,
    label: 'WasmPlugins',
  },
  {
    key: 'gatewayclasses',
    kind: 'GatewayClass',
    group: GW,
    version: 'v1',
    plural: 'gatewayclasses',
    namespaced: false,
    crd: true,
    label: 'GatewayClasses',
  },
  {
    key: 'gateways',
    kind: 'Gateway',
    group: GW,
    version: 'v1',
    plural: 'gateways',
    namespaced: true,
    crd: true,
    label: 'Gateways',
  },
  {
    key: 'httproutes',
    kind: 'HTTPRoute',
    group: GW,
    version: 'v1',
    plural: 'httproutes',
    namespaced: true,
    crd: true,
    label: 'HTTPRoutes',
  },
  {
    key: 'grpcroutes',
    kind: 'GRPCRoute',
    group: GW,
    version: 'v1',
    plural: 'grpcroutes',
    namespaced: true,
    crd: true,
    label: 'GRPCRoutes',
  },
  {
    key: 'tcproutes',
    kind: 'TCPRoute',
    group: GW,
    version: 'v1',
    altVersions: ['v1alpha2'],
    plural: 'tcproutes',
    namespaced: true,
    crd: true,
    label: 'TCPRoutes',
  },
  {
    key: 'tlsroutes',
    kind: 'TLSRoute',
    group: GW,
    version: 'v1',
    altVersions: ['v1alpha2', 'v1alpha3'],
    plural: 'tlsroutes',
    namespaced: true,
    crd: true,
    label: 'TLSRoutes',
  },
  {
    key: 'referencegrants',
    kind: 'ReferenceGrant',
    group: GW,
    version: 'v1',
    altVersions: ['v1beta1'],
    plural: 'referencegrants',
    namespaced: true,
    crd: true,
    label: 'ReferenceGrants',
  },
  {
    key: 'certificates',
    kind: 'Certificate',
    group: CERT_MANAGER,
    version: 'v1',
    plural: 'certificates',
    namespaced: true,
    crd: true,
    label: 'cert-manager Certificates',
  },
  {
    key: 'issuers',
    kind: 'Issuer',
    group: CERT_MANAGER,
    version: 'v1',
    plural: 'issuers',
    namespaced: true,
    crd: true,
    label: 'cert-manager Issuers',
  },
  {
    key: 'clusterissuers',
    kind: 'ClusterIssuer',
    group: CERT_MANAGER,
    version: 'v1',
    plural: 'clusterissuers',
    namespaced: false,
    crd: true,
    label: 'cert-manager ClusterIssuers',
  },
  {
    key: 'ipaddresspools',
    kind: 'IPAddressPool',
    group: METALLB,
    version: 'v1beta1',
    plural: 'ipaddresspools',
    namespaced: true,
    crd: true,
    label: 'MetalLB IPAddressPools',
  },
  {
    key: 'l2advertisements',
    kind: 'L2Advertisement',
    group: METALLB,
    version: 'v1beta1',
    plural: 'l2advertisements',
    namespaced: true,
    crd: true,
    label: 'MetalLB L2Advertisements',
  },
  {
    key: 'bgpadvertisements',
    kind: 'BGPAdvertisement',
    group: METALLB,
    version: 'v1beta1',
    plural: 'bgpadvertisements',
    namespaced: true,
    crd: true,
    label: 'MetalLB BGPAdvertisements',
  },
  {
    key: 'casecrets',
    kind: 'Secret',
    group: '',
    version: 'v1',
    plural: 'secrets',
    namespaced: true,
    crd: false,
    label: 'Plugged-in CA Secrets (cacerts)',
    // Only whether it exists matters; its data is dropped before caching (stripObject).
    fieldSelector: 'metadata.name=cacerts',
  },
  {
    key: 'ingresses',
    kind: 'Ingress',
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
    namespaced: true,
    crd: false,
    label: 'Ingresses',
  },
  {
    key: 'ingressclasses',
    kind: 'IngressClass',
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingressclasses',
    namespaced: false,
    crd: false,
    label: 'IngressClasses',
  },
  {
    key: 'backendtlspolicies',
    kind: 'BackendTLSPolicy',
    group: GW,
    version: 'v1',
    plural: 'backendtlspolicies',
    namespaced: true,
    crd: true,
    label: 'BackendTLSPolicies',
  },
];

const BY_KEY = new Map(KINDS.map((k) => [k.key, k]));

export function kindByKey(key: KindKey): KindDescriptor {
  const d = BY_KEY.get(key);
  if (!d) throw new Error(`unknown kind key ${key}`);
  return d;
}

export function apiVersionOf(d: KindDescriptor, version = d.version): string {
  return d.group ? `${d.group}/${version}` : version;
}

/** Splits `group/version` (or `v1`) into its parts. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Finds the descriptor for an object's apiVersion + kind; undefined for kinds the product does not read. */
export function descriptorFor(apiVersion: string, kind: string): KindDescriptor | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return KINDS.find(
    (d) =>
      d.kind === kind &&
      d.group === group &&
      (d.version === version || (d.altVersions ?? []).includes(version)),
  );
}

/** Finds the descriptor by group + kind, whatever the version. */
export function descriptorForGroupKind(group: string, kind: string): KindDescriptor | undefined {
  return KINDS.find((d) => d.kind === kind && d.group === group);
}

/** The CRD name (`plural.group`) a kind depends on. */
export function crdName(d: KindDescriptor): string {
  return `${d.plural}.${d.group}`;
}

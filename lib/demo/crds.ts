/** Objects every real cluster has that the scenario does not list: CRDs and the system namespaces. */
import { crdName, KINDS, type KindDescriptor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';

export const GATEWAY_API_BUNDLE = 'v1.6.1';
const GW_GROUP = 'gateway.networking.k8s.io';

function crdFor(d: KindDescriptor, now: string): KubeObject {
  const gatewayApi = d.group === GW_GROUP;
  const istio = d.group.endsWith('istio.io');
  const versions = [d.version, ...(d.altVersions ?? [])];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: crdName(d),
      ...(gatewayApi
        ? {
            annotations: {
              'gateway.networking.k8s.io/bundle-version': GATEWAY_API_BUNDLE,
              'gateway.networking.k8s.io/channel': 'experimental',
            },
          }
        : istio
          ? {
              labels: { app: 'istio-pilot', chart: 'istio', heritage: 'Tiller', release: 'istio' },
              annotations: { 'helm.sh/resource-policy': 'keep' },
            }
          : {}),
    },
    spec: {
      group: d.group,
      names: {
        kind: d.kind,
        listKind: `${d.kind}List`,
        plural: d.plural,
        singular: d.kind.toLowerCase(),
        categories: gatewayApi
          ? ['gateway-api']
          : istio
            ? ['istio-io', `${d.group.split('.')[0]}-istio-io`]
            : [d.group.split('.')[0] ?? d.group],
      },
      scope: d.namespaced ? 'Namespaced' : 'Cluster',
      versions: versions.map((v) => ({
        name: v,
        served: true,
        storage: v === d.version,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        subresources: { status: {} },
      })),
    },
    status: {
      acceptedNames: { kind: d.kind, plural: d.plural },
      storedVersions: [d.version],
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', lastTransitionTime: now },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', lastTransitionTime: now },
      ],
    },
  };
}

/** One CustomResourceDefinition per custom kind the product reads (Gateway API experimental channel, Istio, cert-manager, MetalLB). */
export function demoCrds(now: string): KubeObject[] {
  return KINDS.filter((k) => k.crd).map((k) => crdFor(k, now));
}

/** The namespaces an API server creates by itself. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function systemNamespaces(): KubeObject[] {
  return SYSTEM_NAMESPACES.map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  }));
}

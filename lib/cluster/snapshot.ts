import type { KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';

/**
 * How one kind loaded: `ok`, its CRD is `missing`, the user is `forbidden` to list it, or another
 * `error` (network, server). Domain code renders what did load beside these.
 */
export interface KindStatus {
  state: 'ok' | 'missing' | 'forbidden' | 'error' | 'loading';
  message?: string;
  count: number;
}

/** Every object the product reads, grouped by kind. Plain data: the input of every pure domain function. */
export type ResourceSet = { [K in KindKey]: KubeObject[] };

export interface ClusterSnapshot {
  resources: ResourceSet;
  kinds: Record<KindKey, KindStatus>;
  /** Increments on every applied change; lets clients and memoisation notice updates cheaply. */
  revision: number;
}

export function emptyResourceSet(): ResourceSet {
  return {
    namespaces: [],
    pods: [],
    services: [],
    deployments: [],
    statefulsets: [],
    daemonsets: [],
    replicasets: [],
    serviceaccounts: [],
    configmaps: [],
    customresourcedefinitions: [],
    virtualservices: [],
    destinationrules: [],
    istiogateways: [],
    serviceentries: [],
    sidecars: [],
    envoyfilters: [],
    peerauthentications: [],
    authorizationpolicies: [],
    requestauthentications: [],
    wasmplugins: [],
    workloadentries: [],
    gatewayclasses: [],
    gateways: [],
    httproutes: [],
    grpcroutes: [],
    tcproutes: [],
    tlsroutes: [],
    referencegrants: [],
    certificates: [],
    issuers: [],
    clusterissuers: [],
    ipaddresspools: [],
    l2advertisements: [],
    bgpadvertisements: [],
    casecrets: [],
    ingresses: [],
    ingressclasses: [],
    backendtlspolicies: [],
  };
}

/** Node id scheme shared by the builder, the layout and the UI. */
export const nodeIds = {
  namespace: (ns: string) => `ns:${ns}`,
  /** `workloadId` is the summary id `Kind/namespace/name`. */
  workload: (workloadId: string) => `wl:${workloadId}`,
  service: (ns: string, name: string) => `svc:${ns}/${name}`,
  serviceEntry: (ns: string, name: string) => `se:${ns}/${name}`,
  waypoint: (ns: string, name: string) => `wp:${ns}/${name}`,
  istioGateway: (ns: string, name: string) => `igw:${ns}/${name}`,
  gateway: (ns: string, name: string) => `gw:${ns}/${name}`,
  /** A networking.k8s.io Ingress. */
  k8sIngress: (ns: string, name: string) => `ing:${ns}/${name}`,
  external: (host: string) => `ext:${host}`,
};

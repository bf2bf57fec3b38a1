// docs/fidelity.md's sections on waypoints and on the status istiod writes.
import type { CaseOutcome } from './check';
import { announcementTable } from './report';
import { WAYPOINT_RANDOM_CASES } from './waypoint-judge';

/** The section of docs/fidelity.md on waypoints (group `waypoint` of the outcomes). */
export function waypointSection(outcomes: readonly CaseOutcome[]): string[] {
  const ours = outcomes.filter((o) => o.group === 'waypoint');
  if (ours.length === 0) return [];
  return [
    '## Waypoints (ambient L7)',
    '',
    'The `waypoint` row judges the same inputs in ambient mode (every input but the random ones, and the',
    `first ${WAYPOINT_RANDOM_CASES} random ones, those with mesh routes; \`test/fidelity/waypoint-routes.ts\`,`,
    '`waypoint-judge.ts`): each namespace whose Services a converted route attaches to uses the',
    "waypoint the migration plan picks (`chooseWaypoint`, else the plan's",
    '`waypointGateway`), labelled as the plan labels it, with the waypoint running (its Service, a ready',
    "pod, the Gateway's status addresses istiod's ambient index reads). istiod then builds, for a proxy of",
    'type waypoint, one route configuration per Service and port it serves, inline in its `main_internal`',
    "listener: from the VirtualServices of the Service's or the waypoint's namespace naming the Service",
    'on one side, from the routes whose parentRef is the Service on the other. They are compared per',
    `Service and port as the sidecar routes are. Virtual hosts compared: ${ours.reduce((n, o) => n + o.vhosts, 0)}.`,
    '',
    ...announcementTable(ours.flatMap((o) => o.differences)),
    '',
    'A waypoint drops a VirtualService match with `sourceLabels` (ambient has no source labels to',
    'match), where the converted route matches every client: announced by `source-labels`.',
    '',
  ];
}

/** The section of docs/fidelity.md on the status istiod writes (the status*.test.ts and waypoint.test.ts checks). */
export function statusSection(): string[] {
  return [
    '## Status as istiod writes it',
    '',
    "- Gateway API status (`test/fidelity/status.test.ts`): istiod's Gateway API controller accepts",
    '  every converted Gateway, HTTPRoute, GRPCRoute, TCPRoute and TLSRoute of the demo scenario with',
    "  every reference resolved (`Accepted=True`, `ResolvedRefs=True`), and the demo's simulated",
    '  controllers write the same conditions. Gateways with HTTPS listeners included: the judge holds',
    "  the TLS Secrets cert-manager issues for the demo's Certificates (the demo holds no Secrets).",
    "- Waypoints (`test/fidelity/waypoint.test.ts`): istiod's gateway deployment controller",
    "  (`istio-judge waypoint`: Istio's `waypoint.yaml` template on a fake Kubernetes client, as",
    "  Istio's own tests run it) reconciles the demo scenario's waypoint Gateway and the one the plan",
    '  creates. The ServiceAccount, Deployment and Service it applies (names, all labels, the Gateway',
    '  owner, selector, pod labels such as `istio.io/dataplane-mode=none`, Service ports 15021 and',
    '  15008) and the status istiod then writes (addresses, `Accepted`, `Programmed` and',
    "  `ResolvedRefs` with reasons and messages, listener conditions) equal what the demo's simulated",
    '  controller creates and writes. The deployment controller writes no status itself, only its',
    '  controller-version annotation: `Programmed` comes from the Gateway API status controller, run',
    '  with the applied Service given a cluster IP and the Deployment one ready pod behind an',
    '  EndpointSlice, as a cluster would. IP addresses are compared by type only.',
    "- Ingress Gateways (`test/fidelity/status-ingress.test.ts`): the same for the demo's converted",
    "  Gateways of class `istio`, with Istio's `kube-gateway.yaml` template: the `<name>-istio`",
    '  ServiceAccount, Deployment and LoadBalancer Service (ports named after the listeners, their',
    "  protocol as appProtocol, the Gateway's labels and `istio.io/dataplane-mode=none` on all three)",
    "  and the status. The judge's load-balancer provider gives each Service the address the demo's",
    "  MetalLB gives it: storefront's pool is empty, and istiod then writes no address and",
    '  `Programmed=False` (`AddressNotAssigned`, "address pending"), as the demo now does.',
    "- Verify (`test/fidelity/status-verify.test.ts`): the product's verify step, given the status",
    "  istiod wrote for the converted demo, passes every namespace's `routes accepted` and `route",
    '  references resolved` checks (`Accepted`, `ResolvedRefs` at every parentRef); with one backend',
    "  Service removed it fails the second with istiod's `BackendNotFound`. Its `waypoint programmed`",
    '  and `gateways programmed` checks read the `Programmed` istiod writes (waypoint.test.ts,',
    '  status-ingress.test.ts).',
    '',
  ];
}

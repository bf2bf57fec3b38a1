import { stringify } from 'yaml';
import type { ResourceSet } from '@/lib/cluster/snapshot';
import type { KubeObject } from '@/lib/k8s/objects';
import { classifyPod, meshProxyKind } from '@/lib/mesh/pod';
import { buildWaypointIndex, refKey, resolveWaypoint } from '@/lib/mesh/waypoints';
import type { JudgeSide } from './judge';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What istiod's ambient index pushes to ztunnel: workloadapi.Address values in proto JSON. */
export interface AmbientResult {
  case: string;
  side: string;
  error?: string;
  addresses: unknown[];
}

/** One fact about the data plane on which lib/mesh and istiod are compared. */
export interface AmbientFact {
  /** `Pod/ns/name dataplane`, `Pod/ns/name waypoint`, `Service/ns/name waypoint`. */
  subject: string;
  mesh: string;
  istio: string;
  /** Why istiod cannot see it, when this is a known blind spot of istiod rather than a lib/mesh bug. */
  blindSpot?: string;
}

const KINDS_FOR_ISTIOD = new Set([
  'Namespace',
  'Service',
  'Pod',
  'Gateway',
  'GatewayClass',
  'ServiceEntry',
  'WorkloadEntry',
  'EndpointSlice',
]);

/** The objects of a cluster istiod's ambient index reads, as one judge side. */
export function ambientSide(objects: readonly KubeObject[]): JudgeSide {
  const docs = objects
    .filter((o) => KINDS_FOR_ISTIOD.has(o.kind))
    .filter((o) => o.kind !== 'Gateway' || o.apiVersion.startsWith('gateway.networking.k8s.io'))
    .map((o) => stringify(o, { lineWidth: 0 }));
  return { name: 'cluster', yaml: docs.join('\n---\n'), proxies: [] };
}

/** The waypoint a GatewayAddress names: its hostname (`name.ns.svc.cluster.local`) or its IP. */
function gatewayAddress(v: unknown): string {
  if (!isRecord(v)) return 'none';
  if (isRecord(v.hostname)) return `${v.hostname.namespace}/${v.hostname.hostname}`;
  if (isRecord(v.address) && typeof v.address.address === 'string')
    return `ip ${Buffer.from(v.address.address, 'base64').join('.')}`;
  return 'none';
}

/** Where a waypoint Gateway is reached, as istiod names it (from the Gateway's status addresses). */
function waypointAddress(gw: KubeObject | undefined): string {
  const addrs = ((gw?.status as { addresses?: { type?: string; value: string }[] } | undefined)?.addresses ??
    []) as { type?: string; value: string }[];
  const host = addrs.find((a) => a.type === 'Hostname');
  if (host && gw) return `${gw.metadata.namespace}/${host.value}`;
  const ip = addrs.find((a) => a.type === 'IPAddress' || a.type === undefined);
  return ip ? `ip ${ip.value}` : 'none';
}

/** Compares lib/mesh's data-plane view of `set` with istiod's ambient index (`addresses`). */
export function ambientFacts(set: ResourceSet, addresses: readonly unknown[]): AmbientFact[] {
  const workloads = new Map<string, Json>();
  const services = new Map<string, Json>();
  for (const a of addresses) {
    if (!isRecord(a)) continue;
    if (isRecord(a.workload)) workloads.set(`${a.workload.namespace}/${a.workload.name}`, a.workload);
    if (isRecord(a.service)) services.set(`${a.service.namespace}/${a.service.name}`, a.service);
  }
  const namespaces = new Map(set.namespaces.map((n) => [n.metadata.name, n]));
  const index = buildWaypointIndex(set);
  const gateways = new Map(set.gateways.map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]));
  const facts: AmbientFact[] = [];
  for (const pod of set.pods) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const w = workloads.get(key);
    const subject = `Pod/${key}`;
    // istiod indexes running pods with an address; lib/mesh's infrastructure pods are not workloads.
    if (!w || meshProxyKind(pod)) continue;
    const ns = namespaces.get(pod.metadata.namespace ?? '');
    const dataplane = classifyPod(pod, ns).dataplane;
    facts.push({
      subject: `${subject} captured by ztunnel`,
      mesh: dataplane === 'ambient' ? 'yes' : 'no',
      istio: w.tunnelProtocol === 'HBONE' ? 'yes' : 'no',
    });
    const wp = resolveWaypoint(pod, 'workload', index).waypoint;
    facts.push({
      subject: `${subject} workload waypoint`,
      mesh: wp ? waypointAddress(gateways.get(refKey(wp))) : 'none',
      istio: gatewayAddress(w.waypoint),
    });
  }
  for (const svc of set.services) {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const s = services.get(key);
    if (!s) continue;
    const wp = resolveWaypoint(svc, 'service', index).waypoint;
    facts.push({
      subject: `Service/${key} waypoint`,
      mesh: wp ? waypointAddress(gateways.get(refKey(wp))) : 'none',
      istio: gatewayAddress(s.waypoint),
    });
  }
  return facts;
}

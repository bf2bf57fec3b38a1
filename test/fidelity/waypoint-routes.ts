import { parse, stringify } from 'yaml';
import type { KubeObject } from '@/lib/k8s/objects';
import {
  DATAPLANE_MODE_LABEL,
  GATEWAY_NAME_LABEL,
  MANAGED_GATEWAY_LABEL,
  MESH_CONTROLLER_VALUE,
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  WAYPOINT_CLASS,
} from '@/lib/mesh/labels';
import { routeParentServices } from '@/lib/migrate/hosts';
import { chooseWaypoint, waypointGateway } from '@/lib/migrate/plan-waypoint';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import type { FidelityCase } from './corpus';
import type { JudgeProxy, JudgeSide } from './judge';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The group of proxy names `waypoint/<ns>/<name>` (check.ts compares each waypoint on its own). */
export const WAYPOINT_PROXY_PREFIX = 'waypoint/';

/** A waypoint the case's mesh routes go through: the Gateway, and the namespaces that use it. */
interface WaypointUse {
  name: string;
  namespace: string;
  /** The waypoint Gateway when the input holds none (as the migration plan creates it). */
  created?: KubeObject;
  users: Set<string>;
}

/**
 * The waypoints of an ambient migration of the case: every namespace with a Service that a converted
 * route attaches to (and every namespace already using a waypoint) uses the waypoint the migration
 * plan picks for it (`chooseWaypoint`: the one its label names, an existing `waypoint` Gateway, or a
 * new one).
 */
const L7_ROUTES = new Set(['HTTPRoute', 'GRPCRoute']);

function waypointUses(c: FidelityCase): WaypointUse[] {
  const resources = toResourceSet([...objectsOf(c), ...c.conversion.resources]);
  const namespaces = new Set<string>();
  // The routes a waypoint's HTTP route configurations carry (TCP and TLS routes are judged as chains).
  for (const r of c.conversion.resources.filter((o) => L7_ROUTES.has(o.kind)))
    for (const ref of routeParentServices(r)) namespaces.add(ref.split('/')[0] ?? '');
  for (const ns of objectsOf(c).filter((o) => o.kind === 'Namespace'))
    if (ns.metadata.labels?.[USE_WAYPOINT_LABEL]) namespaces.add(ns.metadata.name);
  const uses = new Map<string, WaypointUse>();
  for (const ns of [...namespaces].filter(Boolean).sort()) {
    const w = chooseWaypoint(resources, ns, 'waypoint');
    const key = `${w.namespace}/${w.name}`;
    const use = uses.get(key) ?? {
      name: w.name,
      namespace: w.namespace,
      created: w.existing ? undefined : waypointGateway(w.namespace, w.name),
      users: new Set<string>(),
    };
    use.users.add(ns);
    uses.set(key, use);
  }
  return [...uses.values()];
}

function objectsOf(c: FidelityCase): KubeObject[] {
  return Object.values(c.input).flatMap((v) => (Array.isArray(v) ? (v as KubeObject[]) : []));
}

/**
 * What a cluster holds for a running waypoint, as istiod's deployment controller and the Gateway API
 * status controller leave it (test/fidelity/waypoint.test.ts checks the demo against them): the
 * waypoint's Service (HBONE on 15008, with a cluster IP), one ready pod, and the Gateway's status
 * addresses, which istiod's ambient index reads to bind Services to the waypoint.
 */
function waypointObjects(w: WaypointUse, gw: KubeObject, clusterIP: string, podIP: string): KubeObject[] {
  const labels = {
    [GATEWAY_NAME_LABEL]: w.name,
    [MANAGED_GATEWAY_LABEL]: MESH_CONTROLLER_VALUE,
  };
  return [
    {
      ...gw,
      status: {
        addresses: [
          { type: 'IPAddress', value: clusterIP },
          { type: 'Hostname', value: `${w.name}.${w.namespace}.svc.cluster.local` },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: w.name, namespace: w.namespace, labels },
      spec: {
        clusterIP,
        selector: { [GATEWAY_NAME_LABEL]: w.name },
        ports: [
          { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
          { name: 'mesh', port: 15008, protocol: 'TCP', appProtocol: 'hbone', targetPort: 15008 },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${w.name}-0`, namespace: w.namespace, labels },
      spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }], nodeName: 'node-1' },
      status: {
        phase: 'Running',
        podIP,
        podIPs: [{ ip: podIP }],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
  ];
}

const WAYPOINT_GATEWAY_CLASS: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: WAYPOINT_CLASS },
  spec: { controllerName: 'istio.io/mesh-controller' },
};

/**
 * One side's objects in ambient mode: its namespaces labelled ambient and using their waypoint (as
 * the migration plan labels them), every Service given a cluster IP (as the API server does; the
 * waypoint serves a Service at its VIP), and the waypoints running.
 */
function ambientSide(
  side: JudgeSide,
  uses: readonly WaypointUse[],
  extra: readonly KubeObject[],
  ip: () => string,
  proxies: JudgeProxy[],
): JudgeSide {
  const usedBy = new Map<string, WaypointUse>();
  for (const w of uses) for (const ns of w.users) usedBy.set(ns, w);
  const docs = side.yaml.split('\n---\n').map((d) => parse(d) as unknown);
  const out: unknown[] = [];
  for (const d of docs) {
    if (!isRecord(d) || !isRecord(d.metadata)) {
      out.push(d);
      continue;
    }
    const meta = d.metadata;
    if (d.kind === 'Namespace') {
      const w = usedBy.get(String(meta.name));
      const labels: Json = {
        ...(isRecord(meta.labels) ? meta.labels : {}),
        [DATAPLANE_MODE_LABEL]: 'ambient',
      };
      if (w) {
        labels[USE_WAYPOINT_LABEL] = w.name;
        if (w.namespace !== meta.name) labels[USE_WAYPOINT_NAMESPACE_LABEL] = w.namespace;
      }
      out.push({ ...d, metadata: { ...meta, labels } });
      continue;
    }
    const labels = isRecord(meta.labels) ? meta.labels : {};
    const waypointName = d.kind === 'Pod' ? labels[GATEWAY_NAME_LABEL] : meta.name;
    if (
      ['Gateway', 'Service', 'Pod'].includes(String(d.kind)) &&
      uses.some((w) => w.name === waypointName && w.namespace === meta.namespace)
    ) {
      // What the input holds of a waypoint (its Gateway, Service, pods): replaced by the running one below.
      continue;
    }
    if (d.kind === 'Service' && isRecord(d.spec) && d.spec.clusterIP === undefined) {
      out.push({ ...d, spec: { ...d.spec, clusterIP: ip() } });
      continue;
    }
    out.push(d);
  }
  const waypointDocs: KubeObject[] = [WAYPOINT_GATEWAY_CLASS];
  for (const w of uses) {
    const gw =
      w.created ??
      extra.find(
        (o) => o.kind === 'Gateway' && o.metadata.name === w.name && o.metadata.namespace === w.namespace,
      );
    if (!gw) continue;
    const clusterIP = ip();
    const podIP = ip();
    waypointDocs.push(...waypointObjects(w, gw, clusterIP, podIP));
    proxies.push({
      name: `${WAYPOINT_PROXY_PREFIX}${w.namespace}/${w.name}`,
      type: 'waypoint',
      namespace: w.namespace,
      ip: podIP,
      labels: { [GATEWAY_NAME_LABEL]: w.name, [MANAGED_GATEWAY_LABEL]: MESH_CONTROLLER_VALUE },
    });
  }
  return {
    name: side.name,
    yaml: [...out, ...waypointDocs].map((d) => stringify(d, { lineWidth: 0 })).join('\n---\n'),
    proxies: [],
  };
}

/**
 * The case in ambient mode: the same Istio objects and conversion, with the namespaces whose Services
 * the converted routes attach to using a waypoint. Istio applies a VirtualService to a waypoint for
 * the hosts of the Services it serves (VirtualServices of the Service's or the waypoint's namespace);
 * the converted routes reach it as routes whose parentRef is the Service. The proxies compared are
 * the waypoints; undefined when no Service of the case would use one.
 */
export function waypointCase(c: FidelityCase, caseIndex: number): FidelityCase | undefined {
  const uses = waypointUses(c);
  if (uses.length === 0) return undefined;
  let next = 10;
  const ip = () => {
    next++;
    return `10.${200 + ((caseIndex >> 8) & 31)}.${caseIndex & 255}.${next & 255}`;
  };
  const existing = objectsOf(c).filter((o) => o.kind === 'Gateway');
  const proxiesA: JudgeProxy[] = [];
  const proxiesB: JudgeProxy[] = [];
  // The same addresses on both sides: the IP counter restarts for the second.
  const istio = ambientSide(c.sides[0], uses, existing, ip, proxiesA);
  next = 10;
  const gateway = ambientSide(c.sides[1], uses, existing, ip, proxiesB);
  const waypointServices = uses.map((w) => `${w.namespace}/${w.name}`);
  return {
    ...c,
    id: `waypoint:${c.id}`,
    group: 'waypoint',
    world: { ...c.world, generated: new Set([...c.world.generated, ...waypointServices]) },
    sides: [
      { ...istio, proxies: proxiesA },
      { ...gateway, proxies: proxiesB },
    ],
  };
}

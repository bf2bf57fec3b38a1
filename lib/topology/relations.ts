import type { KubeObject } from '../k8s/objects';
import { arr, num, rec, str } from '../mesh/fields';
import { sentTo, virtualServiceOf } from '../model/istio/read';
import type { RelationContext } from './context';
import { nodeIds } from './ids';
import type { EdgeKind, NodeType } from './types';

/** An edge a relation derives, before de-duplication. */
export interface RawEdge {
  source: string;
  target: string;
  weight?: number;
  label?: string;
}

/** One declared relation between node types, and how to derive its edges from the cluster. */
export interface Relation {
  id: string;
  kind: EdgeKind;
  from: NodeType;
  to: NodeType;
  description: string;
  derive(ctx: RelationContext): RawEdge[];
}

const GW_GROUP = 'gateway.networking.k8s.io';

interface Destination {
  host: string;
  weight?: number;
}

/** `route[].destination` entries of every http/tcp/tls rule of a VirtualService. */
function vsDestinations(vs: KubeObject): Destination[] {
  return sentTo(virtualServiceOf(vs))
    .filter((d) => !d.mirror)
    .map((d) => {
      const weight = d.weight ?? (d.siblings === 1 ? 100 : undefined);
      return weight === undefined ? { host: d.destination.host } : { host: d.destination.host, weight };
    });
}

/** Istio Gateway references of a VirtualService (`ns/name` or `name`), and whether it applies to the mesh. */
function vsGateways(vs: KubeObject): { gateways: { ns: string; name: string }[]; mesh: boolean } {
  const refs = virtualServiceOf(vs).gateways ?? [];
  const ns = vs.metadata.namespace ?? '';
  const gateways = refs
    .filter((r) => r !== 'mesh')
    .map((r) => {
      const slash = r.indexOf('/');
      return slash >= 0 ? { ns: r.slice(0, slash), name: r.slice(slash + 1) } : { ns, name: r };
    });
  return { gateways, mesh: refs.length === 0 || refs.includes('mesh') };
}

interface Ref {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  weight?: number;
}

function refs(list: unknown, defaultKind: string, defaultGroup: string, ns: string): Ref[] {
  const out: Ref[] = [];
  for (const item of arr(list)) {
    const r = rec(item);
    const name = str(r?.name);
    if (!r || !name) continue;
    const ref: Ref = {
      group: str(r.group) ?? defaultGroup,
      kind: str(r.kind) ?? defaultKind,
      name,
      namespace: str(r.namespace) ?? ns,
    };
    const weight = num(r.weight);
    if (weight !== undefined) ref.weight = weight;
    out.push(ref);
  }
  return out;
}

/** Node id for a Gateway API parentRef or backendRef, if the graph has one. */
function refNode(ctx: RelationContext, ref: Ref): string | undefined {
  const candidates =
    ref.kind === 'Gateway' && ref.group === GW_GROUP
      ? [nodeIds.gateway(ref.namespace, ref.name), nodeIds.waypoint(ref.namespace, ref.name)]
      : ref.kind === 'Service' && (ref.group === '' || ref.group === 'core')
        ? [nodeIds.service(ref.namespace, ref.name)]
        : ref.kind === 'ServiceEntry'
          ? [nodeIds.serviceEntry(ref.namespace, ref.name)]
          : ref.kind === 'Hostname'
            ? [ctx.host(ref.name, ref.namespace)]
            : [];
  return candidates.find((id) => ctx.nodes.has(id));
}

/** Edges parent → backend for Gateway API routes; `gamma` selects Service parents (mesh) or Gateway parents. */
function routeEdges(ctx: RelationContext, gamma: boolean): RawEdge[] {
  const { resources } = ctx;
  const routes = [
    ...resources.httproutes,
    ...resources.grpcroutes,
    ...resources.tcproutes,
    ...resources.tlsroutes,
  ];
  const out: RawEdge[] = [];
  for (const route of routes) {
    const ns = route.metadata.namespace ?? '';
    const spec = rec(route.spec);
    const parents = refs(spec?.parentRefs, 'Gateway', GW_GROUP, ns).filter(
      (p) => (p.kind !== 'Gateway') === gamma,
    );
    const backends = arr(spec?.rules).flatMap((rule) => refs(rec(rule)?.backendRefs, 'Service', '', ns));
    for (const p of parents) {
      const source = refNode(ctx, p);
      if (!source) continue;
      for (const b of backends) {
        const target = refNode(ctx, b);
        if (!target) continue;
        if (target === source) {
          ctx.badge(source, route.kind.toLowerCase());
          continue;
        }
        out.push({
          source,
          target,
          label: `${route.kind} ${route.metadata.name}`,
          ...weightOf(b.weight, backends.length),
        });
      }
    }
  }
  return out;
}

function weightOf(weight: number | undefined, siblings: number): { weight?: number } {
  if (weight !== undefined) return { weight };
  return siblings === 1 ? { weight: 100 } : {};
}

/** The relations the topology graph draws. Each edge in the graph comes from exactly one of these. */
export const RELATIONS: readonly Relation[] = [
  {
    id: 'service-selects-workload',
    kind: 'selector',
    from: 'service',
    to: 'workload',
    description: 'Service → workload by label selector (ServiceEntry → workload by workloadSelector)',
    derive: (ctx) =>
      ctx.summary.services.flatMap((s) => {
        const source =
          s.kind === 'Service'
            ? nodeIds.service(s.namespace, s.name)
            : nodeIds.serviceEntry(s.namespace, s.name);
        if (!ctx.nodes.has(source)) return [];
        return s.workloads
          .map((w) => ({ source, target: nodeIds.workload(w) }))
          .filter((e) => ctx.nodes.has(e.target));
      }),
  },
  {
    id: 'service-uses-waypoint',
    kind: 'waypoint',
    from: 'service',
    to: 'waypoint',
    description: 'Service/ServiceEntry → waypoint its traffic goes through (istio.io/use-waypoint)',
    derive: (ctx) =>
      ctx.summary.services.flatMap((s) => {
        if (!s.waypoint) return [];
        const source =
          s.kind === 'Service'
            ? nodeIds.service(s.namespace, s.name)
            : nodeIds.serviceEntry(s.namespace, s.name);
        return [
          {
            source,
            target: nodeIds.waypoint(s.waypoint.namespace, s.waypoint.name),
            label: s.waypointSource,
          },
        ];
      }),
  },
  {
    id: 'workload-uses-waypoint',
    kind: 'waypoint',
    from: 'workload',
    to: 'waypoint',
    description:
      'Workload → waypoint for workload-addressed traffic (istio.io/use-waypoint on the pod or namespace)',
    derive: (ctx) =>
      ctx.summary.workloads.flatMap((w) =>
        w.waypoint && !w.waypointOf
          ? [
              {
                source: nodeIds.workload(w.id),
                target: nodeIds.waypoint(w.waypoint.namespace, w.waypoint.name),
                label: w.waypointSource,
              },
            ]
          : [],
      ),
  },
  {
    id: 'istio-gateway-virtualservice',
    kind: 'route',
    from: 'ingress',
    to: 'service',
    description: 'Istio Gateway → VirtualService (bound by spec.gateways) destination Service, with weight',
    derive: (ctx) =>
      ctx.resources.virtualservices.flatMap((vs) => {
        const ns = vs.metadata.namespace ?? '';
        return vsGateways(vs).gateways.flatMap((g) => {
          const source = nodeIds.istioGateway(g.ns, g.name);
          if (!ctx.nodes.has(source)) return [];
          return vsDestinations(vs).map((d) => ({
            source,
            target: ctx.host(d.host, ns),
            label: `VirtualService ${vs.metadata.name}`,
            ...(d.weight === undefined ? {} : { weight: d.weight }),
          }));
        });
      }),
  },
  {
    id: 'virtualservice-destination',
    kind: 'destination',
    from: 'service',
    to: 'service',
    description: 'Mesh VirtualService: host Service → destination Service, with weight',
    derive: (ctx) =>
      ctx.resources.virtualservices.flatMap((vs) => {
        if (!vsGateways(vs).mesh) return [];
        const ns = vs.metadata.namespace ?? '';
        const hosts = (virtualServiceOf(vs).hosts ?? []).filter((h) => !h.includes('*'));
        const dests = vsDestinations(vs);
        return hosts.flatMap((h) => {
          const source = ctx.host(h, ns);
          ctx.badge(source, 'virtualservice');
          return dests
            .map((d) => ({
              source,
              target: ctx.host(d.host, ns),
              label: `VirtualService ${vs.metadata.name}`,
              ...(d.weight === undefined ? {} : { weight: d.weight }),
            }))
            .filter((e) => e.target !== source);
        });
      }),
  },
  {
    id: 'gateway-route-backend',
    kind: 'route',
    from: 'ingress',
    to: 'service',
    description: 'Gateway API Gateway → HTTPRoute/GRPCRoute/TCPRoute/TLSRoute backendRefs → Service',
    derive: (ctx) => routeEdges(ctx, false),
  },
  {
    id: 'ingress-backend',
    kind: 'route',
    from: 'ingress',
    to: 'service',
    description: 'Ingress → Service of each path backend and of the default backend',
    derive: (ctx) =>
      ctx.resources.ingresses.flatMap((ing) => {
        const ns = ing.metadata.namespace ?? '';
        const source = nodeIds.k8sIngress(ns, ing.metadata.name);
        if (!ctx.nodes.has(source)) return [];
        const spec = rec(ing.spec);
        const backends = [
          ...arr(spec?.rules).flatMap((r) => arr(rec(rec(r)?.http)?.paths).map((p) => rec(rec(p)?.backend))),
          rec(spec?.defaultBackend),
        ];
        return backends.flatMap((b) => {
          const name = str(rec(b?.service)?.name);
          const target = name ? nodeIds.service(ns, name) : undefined;
          return target && ctx.nodes.has(target)
            ? [{ source, target, label: `Ingress ${ing.metadata.name}` }]
            : [];
        });
      }),
  },
  {
    id: 'gamma-route-backend',
    kind: 'route',
    from: 'service',
    to: 'service',
    description: 'HTTPRoute/GRPCRoute with a Service parentRef (GAMMA, east-west) → backend Service',
    derive: (ctx) => routeEdges(ctx, true),
  },
];

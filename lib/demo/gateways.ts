/** Simulated istiod gateway controllers: GatewayClass, Gateway (waypoints and ingress), route status. */
import type { KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { deepEqual } from '../k8s/objects';
import { mergeApply } from './apply';
import { classOf, type Listener, proxyDeployment, proxyLabels, proxyService } from './gateway-proxy';
import { type ControllerContext, MANAGERS, ownerRef } from './pods';
import type { DemoStore } from './store';

const M = MANAGERS.istiod;
const GW_GROUP = 'gateway.networking.k8s.io';
const CONTROLLERS: Record<string, string> = {
  istio: 'istio.io/gateway-controller',
  'istio-waypoint': 'istio.io/mesh-controller',
};

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

/** Conditions keep their transition time while their status stays the same, as real controllers do. */
export function mergeConditions(prev: unknown, next: Condition[], now: string): Condition[] {
  const old = Array.isArray(prev) ? (prev as Condition[]) : [];
  return next.map((c) => {
    const p = old.find((o) => o.type === c.type);
    return { ...c, lastTransitionTime: p && p.status === c.status ? (p.lastTransitionTime ?? now) : now };
  });
}

const cond = (type: string, ok: boolean, reason: string, message: string, gen?: number): Condition => ({
  type,
  status: ok ? 'True' : 'False',
  reason,
  message,
  ...(gen !== undefined ? { observedGeneration: gen } : {}),
});

/** Creates or updates a controller-owned object, keeping fields others set; true when it changed. */
function ensure(store: DemoStore, kind: KindKey, desired: KubeObject): boolean {
  const prev = store.get(kind, desired.metadata.namespace, desired.metadata.name);
  return store.writeIfChanged(kind, prev ? (mergeApply(prev, desired) as KubeObject) : desired, M);
}

function setStatus(
  store: DemoStore,
  kind: KindKey,
  obj: KubeObject,
  status: Record<string, unknown>,
): boolean {
  if (deepEqual(obj.status, status)) return false;
  store.write(kind, { ...obj, status }, M);
  return true;
}

/** `host:port` of each listener port, as istiod's Programmed message lists them ("a, b, and c"). */
function assigned(host: string, listeners: Listener[]): string {
  const ss = [...new Set(listeners.map((l) => `${host}:${l.port}`))].sort();
  if (ss.length <= 1) return ss.join('');
  if (ss.length === 2) return `${ss[0]} and ${ss[1]}`;
  return `${ss.slice(0, -1).join(', ')}, and ${ss.at(-1)}`;
}

/** Routes of any kind whose parentRefs name this Gateway. */
function attachedRoutes(store: DemoStore, gw: KubeObject, listener: string): number {
  const routes = [
    ...store.list('httproutes'),
    ...store.list('grpcroutes'),
    ...store.list('tcproutes'),
    ...store.list('tlsroutes'),
  ];
  return routes.filter((r) =>
    (
      (r.spec?.parentRefs ?? []) as {
        name: string;
        namespace?: string;
        kind?: string;
        sectionName?: string;
      }[]
    ).some(
      (p) =>
        (p.kind ?? 'Gateway') === 'Gateway' &&
        p.name === gw.metadata.name &&
        (p.namespace ?? r.metadata.namespace) === gw.metadata.namespace &&
        (p.sectionName === undefined || p.sectionName === listener),
    ),
  ).length;
}

/** GatewayClasses of Istio's controllers are Accepted; Istio's Gateways get a proxy Deployment + Service and status. */
export function reconcileGateways(ctx: ControllerContext): boolean {
  const { store } = ctx;
  const now = store.timestamp();
  let changed = false;
  for (const gc of store.list('gatewayclasses')) {
    const ctrl = (gc.spec as { controllerName?: string } | undefined)?.controllerName;
    if (!ctrl || !Object.values(CONTROLLERS).includes(ctrl)) continue;
    const gen = gc.metadata.generation;
    const conditions = mergeConditions(
      gc.status?.conditions,
      [cond('Accepted', true, 'Accepted', 'Handled by Istio controller', gen)],
      now,
    );
    changed = setStatus(store, 'gatewayclasses', gc, { conditions }) || changed;
  }
  for (const gw of store.list('gateways')) {
    const cls = classOf(gw);
    const gc = store.get('gatewayclasses', undefined, cls);
    const ctrl = (gc?.spec as { controllerName?: string } | undefined)?.controllerName;
    if (!ctrl || ctrl !== CONTROLLERS[cls]) continue;
    const waypoint = cls === 'istio-waypoint';
    const name = waypoint ? gw.metadata.name : `${gw.metadata.name}-istio`;
    const listeners = ((gw.spec?.listeners ?? []) as Listener[]).filter((l) => l.name && l.port);
    changed =
      ensure(store, 'serviceaccounts', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name,
          namespace: gw.metadata.namespace,
          labels: proxyLabels(gw, waypoint),
          ownerReferences: [ownerRef(gw)],
        },
      }) || changed;
    changed = ensure(store, 'deployments', proxyDeployment(gw, name, waypoint)) || changed;
    changed = ensure(store, 'services', proxyService(gw, name, listeners, waypoint)) || changed;
    const svc = store.get('services', gw.metadata.namespace, name);
    const ip = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP;
    const lbIp = (svc?.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer
      ?.ingress?.[0]?.ip;
    const gen = gw.metadata.generation;
    const host = `${name}.${gw.metadata.namespace}.svc.cluster.local`;
    // An ingress Gateway's LoadBalancer Service without an external address yet: istiod writes no
    // address and Programmed=False (test/fidelity/status-ingress.test.ts).
    const pending = !waypoint && !lbIp;
    const status = {
      addresses: waypoint
        ? ip
          ? [
              { type: 'IPAddress', value: ip },
              { type: 'Hostname', value: host },
            ]
          : []
        : lbIp
          ? [{ type: 'IPAddress', value: lbIp }]
          : [],
      conditions: mergeConditions(
        gw.status?.conditions,
        [
          cond('Accepted', true, 'Accepted', 'Resource accepted', gen),
          pending
            ? cond(
                'Programmed',
                false,
                'AddressNotAssigned',
                `Assigned to service(s) ${assigned(host, listeners)}, but failed to assign to all requested addresses: address pending for hostname "${host}"`,
                gen,
              )
            : cond(
                'Programmed',
                true,
                'Programmed',
                `Resource programmed, assigned to service(s) ${assigned(host, listeners)}`,
                gen,
              ),
          // istiod also writes ResolvedRefs on the Gateway itself (listener certificates and the like).
          cond('ResolvedRefs', true, 'ResolvedRefs', 'All references resolved', gen),
        ],
        now,
      ),
      listeners: listeners.map((l) => {
        const prev = ((gw.status?.listeners ?? []) as { name: string; conditions?: unknown }[]).find(
          (p) => p.name === l.name,
        );
        return {
          name: l.name,
          attachedRoutes: attachedRoutes(store, gw, l.name),
          supportedKinds: ['HTTP', 'HTTPS'].includes(l.protocol)
            ? [
                { group: GW_GROUP, kind: 'HTTPRoute' },
                { group: GW_GROUP, kind: 'GRPCRoute' },
              ]
            : [],
          conditions: mergeConditions(
            prev?.conditions,
            [
              cond('Accepted', true, 'Accepted', 'No errors found', gen),
              cond('Conflicted', false, 'NoConflicts', 'No errors found', gen),
              cond('Programmed', true, 'Programmed', 'No errors found', gen),
              cond('ResolvedRefs', true, 'ResolvedRefs', 'No errors found', gen),
            ],
            now,
          ),
        };
      }),
    };
    changed = setStatus(store, 'gateways', gw, status) || changed;
  }
  return changed;
}

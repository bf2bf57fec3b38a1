/** Simulated istiod route status: each parentRef is Accepted when its parent exists, ResolvedRefs when backends do. */
import type { KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { deepEqual } from '../k8s/objects';
import { mergeConditions } from './gateways';
import { type ControllerContext, MANAGERS } from './pods';
import type { DemoStore } from './store';

const ROUTE_KINDS: KindKey[] = ['httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes'];
const CONTROLLERS = new Set(['istio.io/gateway-controller', 'istio.io/mesh-controller']);

interface ParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

/** Whether Istio handles this parent, and whether it exists. */
function parentState(store: DemoStore, route: KubeObject, p: ParentRef): 'ours' | 'missing' | 'foreign' {
  const ns = p.namespace ?? route.metadata.namespace;
  if (p.kind === 'Service' && (p.group ?? '') === '') {
    return store.get('services', ns, p.name) ? 'ours' : 'missing';
  }
  if ((p.kind ?? 'Gateway') !== 'Gateway') return 'foreign';
  const gw = store.get('gateways', ns, p.name);
  if (!gw) return 'missing';
  const cls = store.get(
    'gatewayclasses',
    undefined,
    (gw.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName ?? '',
  );
  const ctrl = (cls?.spec as { controllerName?: string } | undefined)?.controllerName;
  return ctrl && CONTROLLERS.has(ctrl) ? 'ours' : 'foreign';
}

function missingBackends(store: DemoStore, route: KubeObject): string[] {
  const rules = (route.spec?.rules ?? []) as { backendRefs?: BackendRef[] }[];
  return rules
    .flatMap((r) => r.backendRefs ?? [])
    .filter((b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '')
    .filter((b) => !store.get('services', b.namespace ?? route.metadata.namespace, b.name))
    .map((b) => `${b.namespace ?? route.metadata.namespace}/${b.name}`);
}

/** Sets `status.parents` of Gateway API routes whose parents Istio handles. */
export function reconcileRoutes(ctx: ControllerContext): boolean {
  const { store } = ctx;
  const now = store.timestamp();
  let changed = false;
  for (const kind of ROUTE_KINDS) {
    for (const route of store.list(kind)) {
      const gen = route.metadata.generation;
      const missing = missingBackends(store, route);
      const prevParents = (route.status?.parents ?? []) as { parentRef: ParentRef; conditions?: unknown }[];
      const parents = ((route.spec?.parentRefs ?? []) as ParentRef[]).flatMap((p) => {
        const state = parentState(store, route, p);
        if (state === 'foreign') return [];
        const prev = prevParents.find((x) => deepEqual(x.parentRef, p));
        const accepted = state === 'ours';
        const resolved = missing.length === 0;
        return [
          {
            parentRef: p,
            controllerName: p.kind === 'Service' ? 'istio.io/mesh-controller' : 'istio.io/gateway-controller',
            conditions: mergeConditions(
              prev?.conditions,
              [
                {
                  type: 'Accepted',
                  status: accepted ? 'True' : 'False',
                  reason: accepted ? 'Accepted' : 'NoMatchingParent',
                  message: accepted ? 'Route was valid' : `parent ${p.name} not found`,
                  observedGeneration: gen,
                },
                {
                  type: 'ResolvedRefs',
                  status: resolved ? 'True' : 'False',
                  reason: resolved ? 'ResolvedRefs' : 'BackendNotFound',
                  message: resolved
                    ? 'All references resolved'
                    : `backend(s) not found: ${missing.join(', ')}`,
                  observedGeneration: gen,
                },
              ],
              now,
            ),
          },
        ];
      });
      const status = { parents };
      if (deepEqual(route.status, status)) continue;
      store.write(kind, { ...route, status }, MANAGERS.istiod);
      changed = true;
    }
  }
  return changed;
}

import type { ResourceSet } from '../cluster/snapshot';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../convert/gateway-api';
import { type KubeObject, objectRef } from '../k8s/objects';
import { arr, conditionsOf, rec, str } from '../mesh/fields';
import { WAYPOINT_CLASS } from '../mesh/labels';
import { indexOf } from '../model/cluster-index';
import type { VerifyCheck } from './types';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A parentRef with Gateway API's defaults filled in, as one comparable string. */
function parentKey(ref: unknown, routeNs: string): string {
  const r = rec(ref) ?? {};
  const port = typeof r.port === 'number' ? `:${r.port}` : '';
  const section = str(r.sectionName) ? `.${str(r.sectionName)}` : '';
  return `${str(r.group) ?? GATEWAY_GROUP}/${str(r.kind) ?? 'Gateway'}/${str(r.namespace) ?? routeNs}/${str(r.name) ?? ''}${section}${port}`;
}

/** What a route's status says of one of its parentRefs (undefined: no controller wrote status for it). */
export interface ParentStatus {
  parent: string;
  accepted?: { status: string; reason?: string; message?: string };
  resolvedRefs?: { status: string; reason?: string; message?: string };
}

/**
 * The conditions of each parentRef of `route` as its controller writes them in `status.parents`
 * (istiod writes one entry per parentRef, echoing it): `Accepted` and `ResolvedRefs`.
 */
export function parentStatuses(route: KubeObject): ParentStatus[] {
  const ns = route.metadata.namespace ?? '';
  const written = arr(rec(route.status)?.parents).map(rec);
  return arr(rec(route.spec)?.parentRefs).map((ref) => {
    const parent = parentKey(ref, ns);
    const entry = written.find((p) => parentKey(p?.parentRef, ns) === parent);
    const cond = (type: string) => {
      const c = conditionsOf(entry).find((x) => x.type === type);
      return c ? { status: c.status, reason: c.reason, message: c.message } : undefined;
    };
    return { parent, accepted: cond('Accepted'), resolvedRefs: cond('ResolvedRefs') };
  });
}

const list = (items: string[], max = 5) =>
  `${items.slice(0, max).join(', ')}${items.length > max ? `, … (${items.length})` : ''}`;

const why = (c: { status: string; reason?: string } | undefined) =>
  c ? `${c.status}${c.reason ? ` (${c.reason})` : ''}` : 'no status yet';

/**
 * The routes of `ns` as their parents' controllers report them: every parentRef `Accepted=True`
 * (the route is attached there) and `ResolvedRefs=True` (every backend and reference resolved).
 */
export function routeStatusChecks(resources: ResourceSet, ns: string): VerifyCheck[] {
  const idx = indexOf(resources);
  const routes = (['httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes'] as const).flatMap((k) =>
    idx.objects(k, ns),
  );
  if (routes.length === 0) return [];
  const failing = (pick: (p: ParentStatus) => ParentStatus['accepted']) =>
    routes.flatMap((r) => {
      const parents = parentStatuses(r);
      if (parents.length === 0) return [`${objectRef(r)}: no parentRefs`];
      return parents
        .filter((p) => pick(p)?.status !== 'True')
        .map((p) => `${objectRef(r)} at ${p.parent}: ${why(pick(p))}`);
    });
  const notAccepted = failing((p) => p.accepted);
  const unresolved = failing((p) => p.resolvedRefs);
  return [
    {
      name: 'routes accepted',
      ok: notAccepted.length === 0,
      detail: notAccepted.length
        ? `not accepted by every parent: ${list(notAccepted)}`
        : `${routes.length} route(s) accepted`,
    },
    {
      name: 'route references resolved',
      ok: unresolved.length === 0,
      detail: unresolved.length
        ? `references not resolved: ${list(unresolved)}`
        : `${routes.length} route(s) with every reference resolved`,
    },
  ];
}

const isWaypoint = (gw: KubeObject) => str(rec(gw.spec)?.gatewayClassName) === WAYPOINT_CLASS;

/**
 * The (non-waypoint) Gateways of `ns` that must be `Programmed=True` (their controller has an address
 * and a proxy for them): `planned` when given (the Gateways a plan creates), else those this tool
 * manages (labelled `app.kubernetes.io/managed-by`).
 */
export function gatewayProgrammedChecks(
  resources: ResourceSet,
  ns: string,
  planned?: readonly { name: string }[],
): VerifyCheck[] {
  const gateways = indexOf(resources)
    .objects('gateways', ns)
    .filter(
      (g) =>
        !isWaypoint(g) &&
        (planned
          ? planned.some((p) => p.name === g.metadata.name)
          : g.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE),
    );
  if (gateways.length === 0) return [];
  const notProgrammed = gateways.flatMap((g) => {
    const c = conditionsOf(g.status).find((x) => x.type === 'Programmed');
    return c?.status === 'True' ? [] : [`${objectRef(g)}: ${why(c)}${c?.message ? `: ${c.message}` : ''}`];
  });
  return [
    {
      name: 'gateways programmed',
      ok: notProgrammed.length === 0,
      detail: notProgrammed.length
        ? `not programmed: ${list(notProgrammed)}`
        : `${gateways.length} Gateway(s) programmed`,
    },
  ];
}

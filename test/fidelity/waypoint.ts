import type { KubeObject } from '@/lib/k8s/objects';
import type { Rejected } from './judge';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = (v: unknown): Json => (isRecord(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * What istiod does for waypoint Gateways (`istio-judge waypoint`): the objects its gateway deployment
 * controller applies, and the status its Gateway API status controller then writes (by `Kind/ns/name`).
 */
export interface WaypointResult {
  case: string;
  side: string;
  error?: string;
  rejected?: Rejected[];
  applied: Json[];
  status: Record<string, unknown>;
}

/** The kinds istiod's waypoint template creates for a waypoint Gateway. */
export const WAYPOINT_KINDS = ['ServiceAccount', 'Deployment', 'Service'] as const;

const labelFacts = (subject: string, labels: unknown) =>
  Object.entries(rec(labels)).map(([k, v]) => `${subject} label ${k}=${String(v)}`);

/**
 * The facts the product reads from the objects created for waypoint Gateway `gw` (by the Gateway's
 * ownerReference): names, labels, owner, Deployment selector and pod labels, Service type, selector
 * and ports. One line each, so a difference reads as the fact that differs.
 */
export function createdFacts(gw: KubeObject, objects: readonly Json[]): string[] {
  const out: string[] = [];
  const ns = gw.metadata.namespace;
  for (const o of objects) {
    const meta = rec(o.metadata);
    const owned = list(meta.ownerReferences)
      .map(rec)
      .filter((r) => r.kind === 'Gateway' && r.name === gw.metadata.name);
    if (meta.namespace !== ns || owned.length === 0) continue;
    const kind = String(o.kind);
    if (!(WAYPOINT_KINDS as readonly string[]).includes(kind)) continue;
    const s = `${kind} ${ns}/${String(meta.name)}`;
    out.push(s);
    for (const r of owned) out.push(`${s} owner ${String(r.apiVersion)} ${String(r.kind)}/${String(r.name)}`);
    out.push(...labelFacts(s, meta.labels));
    const spec = rec(o.spec);
    if (kind === 'Deployment') {
      out.push(...labelFacts(`${s} selector`, rec(spec.selector).matchLabels));
      out.push(...labelFacts(`${s} pod`, rec(rec(spec.template).metadata).labels));
    }
    if (kind === 'Service') {
      out.push(`${s} type ${String(spec.type ?? 'ClusterIP')}`);
      out.push(...labelFacts(`${s} selector`, spec.selector));
      for (const p of list(spec.ports).map(rec))
        out.push(
          `${s} port ${String(p.port)} name=${String(p.name)} protocol=${String(p.protocol ?? 'TCP')} appProtocol=${String(p.appProtocol ?? '')}`,
        );
    }
  }
  return out.sort();
}

const conditionFacts = (subject: string, conditions: unknown, withMessage: boolean) =>
  list(conditions)
    .map(rec)
    .map(
      (c) =>
        `${subject} ${String(c.type)}=${String(c.status)} (${String(c.reason)})${withMessage ? ` ${String(c.message ?? '')}` : ''}`,
    );

/**
 * The facts of a waypoint Gateway's status: its addresses (an IP's value is the Service's cluster IP,
 * which each side assigns its own way, so only its type is kept), its conditions with their messages
 * (the verify step shows the Programmed message), and each listener's conditions, kinds and routes.
 */
export function statusFacts(gw: KubeObject, status: unknown): string[] {
  const s = `Gateway ${gw.metadata.namespace}/${gw.metadata.name}`;
  const st = rec(status);
  const out = [
    ...list(st.addresses)
      .map(rec)
      .map((a) => `${s} address ${String(a.type)}${a.type === 'IPAddress' ? '' : ` ${String(a.value)}`}`),
    ...conditionFacts(s, st.conditions, true),
  ];
  for (const l of list(st.listeners).map(rec)) {
    const ls = `${s} listener ${String(l.name)}`;
    out.push(`${ls} attachedRoutes=${String(l.attachedRoutes)}`);
    out.push(
      `${ls} supportedKinds=${list(l.supportedKinds)
        .map((k) => String(rec(k).kind))
        .join(',')}`,
    );
    out.push(...conditionFacts(ls, l.conditions, false));
  }
  return out.sort();
}

import type { ResourceSet } from '../cluster/snapshot';
import { SOURCE_ANNOTATION } from '../convert/gateway-api';
import type { KubeObject } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { indexOf } from '../model/cluster-index';
import { hasTargetRefs, workloadSelector } from './resources';

// Attributes ztunnel can evaluate; anything else in a rule needs a waypoint (or a sidecar).
const L4_SOURCE_FIELDS = new Set([
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'serviceAccounts',
  'notServiceAccounts',
]);
const L4_OPERATION_FIELDS = new Set(['ports', 'notPorts']);
const L4_CONDITION_KEYS = new Set([
  'source.ip',
  'remote.ip',
  'source.namespace',
  'source.principal',
  'source.serviceAccount',
  'destination.ip',
  'destination.port',
  'connection.sni',
]);

/** Which L7 attributes an AuthorizationPolicy uses (`methods`, `paths`, `when request.headers[x]`, `action CUSTOM`...). */
export function l7Attributes(policy: KubeObject): string[] {
  const spec = rec(policy.spec);
  const found = new Set<string>();
  const action = str(spec?.action) ?? 'ALLOW';
  if (action === 'CUSTOM' || action === 'AUDIT') found.add(`action ${action}`);
  for (const rule of arr(spec?.rules)) {
    const r = rec(rule);
    for (const from of arr(r?.from)) {
      for (const key of Object.keys(rec(rec(from)?.source) ?? {}))
        if (!L4_SOURCE_FIELDS.has(key)) found.add(key);
    }
    for (const to of arr(r?.to)) {
      for (const key of Object.keys(rec(rec(to)?.operation) ?? {}))
        if (!L4_OPERATION_FIELDS.has(key)) found.add(key);
    }
    for (const when of arr(r?.when)) {
      const key = str(rec(when)?.key);
      if (key && !L4_CONDITION_KEYS.has(key)) found.add(`when ${key}`);
    }
  }
  return [...found].sort();
}

/** Kinds whose selector-based form only a sidecar enforces; in ambient they must target a waypoint. */
export type L7PolicyKind = 'AuthorizationPolicy' | 'RequestAuthentication' | 'WasmPlugin';

/** A policy that needs moving from `selector` to `targetRefs`, and why. */
export interface L7Policy {
  object: KubeObject;
  kind: L7PolicyKind;
  /** The policy's workload selector; undefined = the whole namespace. */
  selector?: Record<string, string>;
  /** What makes it L7 (for AuthorizationPolicy: the attributes). */
  why: string;
}

/**
 * Policies of `ns` a waypoint must take over: AuthorizationPolicies with L7 attributes or CUSTOM/AUDIT
 * action, RequestAuthentications and WasmPlugins — attached by selector or namespace-wide, not already
 * by `targetRefs`. Copies this tool made (annotated `mesh-migrator.io/source`) are left out.
 */
export function l7PoliciesToMigrate(resources: ResourceSet, ns: string): L7Policy[] {
  const out: L7Policy[] = [];
  const candidates = (obj: KubeObject) =>
    !hasTargetRefs(obj) && !obj.metadata.annotations?.[SOURCE_ANNOTATION];
  for (const ap of indexOf(resources).objects('authorizationpolicies', ns).filter(candidates)) {
    const attrs = l7Attributes(ap);
    if (attrs.length === 0) continue;
    out.push({
      object: ap,
      kind: 'AuthorizationPolicy',
      selector: workloadSelector(ap),
      why: `uses ${attrs.join(', ')}`,
    });
  }
  for (const ra of indexOf(resources).objects('requestauthentications', ns).filter(candidates)) {
    out.push({
      object: ra,
      kind: 'RequestAuthentication',
      selector: workloadSelector(ra),
      why: 'validates JWTs (HTTP)',
    });
  }
  for (const wp of indexOf(resources).objects('wasmplugins', ns).filter(candidates)) {
    out.push({ object: wp, kind: 'WasmPlugin', selector: workloadSelector(wp), why: 'runs an HTTP filter' });
  }
  return out;
}

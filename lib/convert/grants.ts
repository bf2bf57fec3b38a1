import type { KubeObject } from '../k8s/objects';
import {
  type BackendObjectRef,
  GATEWAY_API_VERSION,
  GATEWAY_GROUP,
  LIMITS,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  type ReferenceGrantSpec,
} from './gateway-api';
import { dnsSubdomain } from './names';

type To = ReferenceGrantSpec['to'][number];
type From = ReferenceGrantSpec['from'][number];

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const key = (x: { group: string; kind: string; name?: string; namespace?: string }) =>
  `${x.group}/${x.kind}/${x.namespace ?? ''}/${x.name ?? ''}`;

function normalise(spec: ReferenceGrantSpec): ReferenceGrantSpec {
  const from = [...new Map(spec.from.map((f) => [key(f), f])).values()].sort((a, b) => cmp(key(a), key(b)));
  let to = [...new Map(spec.to.map((t) => [key(t), t])).values()];
  // Past the schema limit, grant the whole kind rather than drop references.
  if (to.length > LIMITS.referenceGrantEntries) {
    to = [...new Map(to.map((t) => [`${t.group}/${t.kind}`, { group: t.group, kind: t.kind }])).values()];
  } else if (to.some((t) => t.name === undefined)) {
    const whole = new Set(to.filter((t) => t.name === undefined).map((t) => `${t.group}/${t.kind}`));
    to = to.filter((t) => t.name === undefined || !whole.has(`${t.group}/${t.kind}`));
  }
  return { from, to: to.sort((a, b) => cmp(key(a), key(b))) };
}

/**
 * A ReferenceGrant in `toNamespace` letting `fromKinds` in `fromNamespace` refer to `to`.
 * `purpose` keeps grants for backends and for certificates apart.
 */
export function referenceGrant(
  toNamespace: string,
  fromNamespace: string,
  fromKinds: string[],
  to: To[],
  purpose: 'backends' | 'certificates',
): KubeObject {
  const from: From[] = fromKinds.map((kind) => ({ group: GATEWAY_GROUP, kind, namespace: fromNamespace }));
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'ReferenceGrant',
    metadata: {
      name: dnsSubdomain(`mesh-migrator-${fromNamespace}-${purpose}`),
      namespace: toNamespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    },
    spec: normalise({ from, to }) as unknown as Record<string, unknown>,
  };
}

/** Merges two grants of the same name and namespace: union of `from` and `to`. */
export function mergeGrants(a: KubeObject, b: KubeObject): KubeObject {
  const sa = a.spec as unknown as ReferenceGrantSpec;
  const sb = b.spec as unknown as ReferenceGrantSpec;
  return {
    ...a,
    spec: normalise({ from: [...sa.from, ...sb.from], to: [...sa.to, ...sb.to] }) as unknown as Record<
      string,
      unknown
    >,
  };
}

interface RouteLike {
  metadata: { namespace?: string };
  kind: string;
  spec?: { rules?: { backendRefs?: (BackendObjectRef & { filters?: unknown[] })[]; filters?: unknown[] }[] };
}

function mirrorRefs(filters: unknown[] | undefined): BackendObjectRef[] {
  const out: BackendObjectRef[] = [];
  for (const f of filters ?? []) {
    const m = (f as { requestMirror?: { backendRef?: BackendObjectRef } }).requestMirror;
    if (m?.backendRef) out.push(m.backendRef);
  }
  return out;
}

/** ReferenceGrants a route needs for its backendRefs (and mirrors) in other namespaces. */
export function grantsForRoute(route: RouteLike): KubeObject[] {
  const ns = route.metadata.namespace ?? 'default';
  const byNs = new Map<string, To[]>();
  for (const rule of route.spec?.rules ?? []) {
    const refs = [...(rule.backendRefs ?? []), ...mirrorRefs(rule.filters)];
    for (const b of rule.backendRefs ?? []) refs.push(...mirrorRefs(b.filters));
    for (const r of refs) {
      if (!r.namespace || r.namespace === ns) continue;
      const list = byNs.get(r.namespace) ?? [];
      list.push({ group: r.group ?? '', kind: r.kind ?? 'Service', name: r.name });
      byNs.set(r.namespace, list);
    }
  }
  return [...byNs.entries()].map(([toNs, to]) => referenceGrant(toNs, ns, [route.kind], to, 'backends'));
}

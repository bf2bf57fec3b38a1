import type { KubeObject } from '@/lib/k8s/objects';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The status istiod's Gateway API controller wrote, by `Kind/ns/name`. */
export interface StatusResult {
  case: string;
  side: string;
  error?: string;
  status: Record<string, unknown>;
}

/** One condition, as compared: `type=status (reason)`. */
export interface ConditionFact {
  /** `HTTPRoute/ns/name parent Gateway/ns/gw` or `Gateway/ns/name`. */
  subject: string;
  type: string;
  status: string;
  reason: string;
}

function conditions(subject: string, v: unknown): ConditionFact[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((c) => ({
    subject,
    type: String(c.type),
    status: String(c.status),
    reason: String(c.reason ?? ''),
  }));
}

function parentKey(route: KubeObject, p: Json): string {
  const kind = typeof p.kind === 'string' ? p.kind : 'Gateway';
  const ns = typeof p.namespace === 'string' ? p.namespace : route.metadata.namespace;
  const section = typeof p.sectionName === 'string' ? `.${p.sectionName}` : '';
  const port = typeof p.port === 'number' ? `:${p.port}` : '';
  return `${kind}/${ns}/${String(p.name)}${section}${port}`;
}

/**
 * The Accepted/ResolvedRefs/Programmed conditions of Gateways (their own) and routes (per parent) in
 * `status` keyed `Kind/ns/name`; `objects` says which objects and parents to read.
 */
export function conditionFacts(
  objects: readonly KubeObject[],
  status: (o: KubeObject) => unknown,
): ConditionFact[] {
  const out: ConditionFact[] = [];
  for (const o of objects) {
    const ref = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    const st = status(o);
    if (!isRecord(st)) continue;
    if (o.kind === 'Gateway') out.push(...conditions(ref, st.conditions));
    else if (Array.isArray(st.parents))
      for (const p of st.parents.filter(isRecord))
        out.push(
          ...conditions(
            `${ref} parent ${parentKey(o, isRecord(p.parentRef) ? p.parentRef : {})}`,
            p.conditions,
          ),
        );
  }
  return out.filter((c) => ['Accepted', 'ResolvedRefs', 'Programmed'].includes(c.type));
}

export const STATUS_KINDS = new Set(['Gateway', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute']);

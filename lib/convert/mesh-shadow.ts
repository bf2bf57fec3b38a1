import type { VirtualServiceSpec } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { istioOrder } from './cross-precedence';
import { resolveHost } from './hosts';
import { type ConvertLookup, memo, type Parsed } from './lookup';
import { vsBinding } from './parents';
import { fieldPath } from './warnings';

type Vs = Parsed<VirtualServiceSpec>;

function serviceKey(host: string, namespace: string, lookup: ConvertLookup): string | undefined {
  const t = resolveHost(host, namespace, lookup);
  return t.kind === 'service' ? `${t.namespace}/${t.name}` : undefined;
}

/** Mesh VirtualServices with HTTP rules, by the Service a host names, in Istio's order (oldest first). */
function meshGroups(lookup: ConvertLookup): Map<string, Vs[]> {
  return memo(lookup, 'index:mesh-vs-by-service', () => {
    const all = new Map<string, Vs[]>();
    for (const vs of lookup.virtualServices) {
      if (!vs.spec.http?.length || !vsBinding(vs.spec, vs.namespace).mesh) continue;
      for (const h of vs.spec.hosts ?? []) {
        const key = serviceKey(h, vs.namespace, lookup);
        if (key && !all.get(key)?.includes(vs)) all.set(key, [...(all.get(key) ?? []), vs]);
      }
    }
    for (const list of all.values()) list.sort(istioOrder);
    return all;
  });
}

/**
 * Istio's sidecars take the HTTP routes of one VirtualService per Service host (the oldest, then by
 * name and namespace) and ignore the others for it; Gateway API applies every route parented to the
 * Service. Reported at the host of each VirtualService that Istio ignored there.
 */
export function checkMeshShadowing(self: Vs, ctx: ConvertContext): void {
  if (!self.spec.http?.length || !vsBinding(self.spec, self.namespace).mesh) return;
  const groups = meshGroups(ctx.lookup);
  (self.spec.hosts ?? []).forEach((h, i) => {
    const key = serviceKey(h, self.namespace, ctx.lookup);
    const list = key ? groups.get(key) : undefined;
    const first = list?.[0];
    if (!first || first === self) return;
    ctx.report.add(
      'warning',
      fieldPath(fieldPath('spec', 'hosts'), i),
      'mesh-host-shadowed',
      `Istio's sidecars applied only VirtualService ${first.namespace}/${first.name} to Service ${key} (the oldest, then by name) and ignored this one for it; Gateway API applies both routes, merged by match precedence`,
    );
  });
}

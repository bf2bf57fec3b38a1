import type { ConvertInput, ConvertOptions } from '../types';
import { convertVirtualService } from '../virtual-service';
import { service, virtualService } from './builders';

/** Helpers for VirtualService conversion tests. */

export interface Rule {
  name?: string;
  matches?: unknown[];
  filters?: unknown[];
  backendRefs?: { name: string; port?: number; weight?: number }[];
  retry?: unknown;
}

export const GW = { group: 'gateway.networking.k8s.io', kind: 'Gateway' };
export const route = (host: string, extra: Record<string, unknown> = {}) => ({
  destination: { host, ...extra },
});

/** Converts VirtualService `vs` in `ns` (default shop) with Services web and api of shop plus `input`. */
export function convertVs(
  spec: Record<string, unknown>,
  input: ConvertInput = {},
  opts: ConvertOptions = {},
  ns = 'shop',
) {
  const vs = virtualService('vs', ns, spec);
  const r = convertVirtualService(
    vs,
    {
      services: [service('web', 'shop'), service('api', 'shop')],
      ...input,
      virtualservices: [vs, ...(input.virtualservices ?? [])],
    },
    opts,
  );
  const kinds = r.resources.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
  const codes = r.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`);
  const spec0 = (kind = 'HTTPRoute') =>
    (r.resources.find((o) => o.kind === kind)?.spec ?? {}) as Record<string, unknown>;
  const rules = (kind = 'HTTPRoute') => (spec0(kind).rules ?? []) as Rule[];
  return { r, kinds, codes, spec0, rules };
}

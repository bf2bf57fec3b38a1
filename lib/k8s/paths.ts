import type { KindDescriptor } from './kinds';

/** REST path of a collection or object, e.g. `/apis/apps/v1/namespaces/ns/deployments/name/status`. */
export function resourcePath(
  d: Pick<KindDescriptor, 'group' | 'version' | 'plural' | 'namespaced'>,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`;
  const ns = d.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${base}${ns}/${d.plural}${obj}${sub}`;
}

/** Query string from defined values only. */
export function queryString(q: Record<string, string | number | boolean | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

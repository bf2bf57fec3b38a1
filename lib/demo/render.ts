/** Materialized scenario as YAML files that a real API server can load in file order. */
import { stringify } from 'yaml';
import { descriptorFor, type KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';

// Creation order: what others live in or refer to comes first.
const ORDER: KindKey[] = [
  'namespaces',
  'gatewayclasses',
  'serviceaccounts',
  'configmaps',
  'services',
  'deployments',
  'statefulsets',
  'daemonsets',
  'replicasets',
  'pods',
];

/**
 * Removes what the API server assigns itself and would reject or ignore on create: uid,
 * resourceVersion, generation, creationTimestamp, and Service cluster IPs (the real service CIDR differs).
 */
export function forCreate(obj: KubeObject): KubeObject {
  const { uid: _u, resourceVersion: _rv, generation: _g, creationTimestamp: _c, ...metadata } = obj.metadata;
  const out: KubeObject = { ...obj, metadata };
  if (obj.kind === 'Service' && obj.apiVersion === 'v1' && obj.spec) {
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = obj.spec as Record<string, unknown>;
    out.spec = spec;
  }
  return out;
}

/** File name → multi-document YAML, one file per kind, numbered in creation order. */
export function renderFiles(objects: KubeObject[]): Map<string, string> {
  const groups = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const key = descriptorFor(o.apiVersion, o.kind)?.key ?? o.kind.toLowerCase();
    const list = groups.get(key) ?? [];
    list.push(forCreate(o));
    groups.set(key, list);
  }
  const rank = (k: string) => {
    const i = ORDER.indexOf(k as KindKey);
    return i < 0 ? ORDER.length : i;
  };
  const keys = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const files = new Map<string, string>();
  keys.forEach((k, i) => {
    const docs = (groups.get(k) ?? []).map((o) => stringify(o, { lineWidth: 0 }));
    files.set(`${String(i).padStart(2, '0')}-${k}.yaml`, docs.join('---\n'));
  });
  return files;
}

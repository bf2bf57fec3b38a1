import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { descriptorFor, type KindDescriptor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';

// Built-in resources are stored under /registry/<resource>, custom ones under /registry/<group>/<resource>;
// a few built-ins keep an older name.
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'apiextensions.k8s.io',
]);
const STORED_AS: Record<string, string> = { services: 'services/specs', ingresses: 'ingress' };

/** The etcd key kube-apiserver reads an object of `d` from. */
export function etcdKey(d: KindDescriptor, namespace: string | undefined, name: string): string {
  const resource = BUILT_IN_GROUPS.has(d.group)
    ? d.group === 'apiextensions.k8s.io'
      ? `${d.group}/${d.plural}`
      : (STORED_AS[d.plural] ?? d.plural)
    : `${d.group}/${d.plural}`;
  return `/registry/${resource}/${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * Writes objects as the `--preload` file of the test API server (`test/cluster`): JSON lines of the
 * etcd key and the stored object, with what the API server would have set on create (uid,
 * creation time, an active namespace phase). Objects go in as given: only for objects the API
 * server accepts (the generator's), as nothing validates them on this path.
 */
export async function writePreload(objects: readonly KubeObject[], file: string): Promise<number> {
  const kinds = objects.map((o) => {
    const d = descriptorFor(o.apiVersion, o.kind);
    if (!d) throw new Error(`${o.apiVersion} ${o.kind} is not a known kind`);
    return d;
  });
  const out = createWriteStream(file);
  const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let written = 0;
  for (const [i, o] of objects.entries()) {
    const d = kinds[i] as KindDescriptor;
    const { resourceVersion: _rv, ...metadata } = o.metadata;
    const stored: KubeObject = {
      ...o,
      metadata: { ...metadata, uid: o.metadata.uid ?? randomUUID(), creationTimestamp: created },
    };
    if (o.kind === 'Namespace' && o.apiVersion === 'v1')
      Object.assign(stored, { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const line = `${JSON.stringify({ key: etcdKey(d, o.metadata.namespace, o.metadata.name), object: stored })}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
    written += 1;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return written;
}

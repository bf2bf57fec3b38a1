/** The demo cluster's write verbs with the API server's validation and error shapes. */
import type { WriteOptions } from '../cluster/source';
import { ApiError } from '../k8s/errors';
import { descriptorFor, type KindDescriptor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { findConflicts, mergeApply, mergePatch, ownedPaths } from './apply';
import type { DemoStore } from './store';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function resourceName(d: KindDescriptor): string {
  return d.group ? `${d.plural}.${d.group}` : d.plural;
}

function notFound(d: KindDescriptor, name: string, namespace?: string): ApiError {
  return new ApiError(`${resourceName(d)} "${name}" not found`, {
    status: 404,
    reason: 'NotFound',
    kind: d.kind,
    namespace,
    name,
  });
}

/** The descriptor of an object's kind; 404 as the API server answers for a resource it does not serve. */
export function resolveKind(obj: KubeObject): KindDescriptor {
  const d = descriptorFor(obj.apiVersion, obj.kind);
  if (!d) {
    throw new ApiError('the server could not find the requested resource', {
      status: 404,
      reason: 'NotFound',
      kind: obj.kind,
    });
  }
  return d;
}

function invalid(d: KindDescriptor, name: string, message: string, namespace?: string): ApiError {
  return new ApiError(`${d.kind} "${name}" is invalid: ${message}`, {
    status: 422,
    reason: 'Invalid',
    kind: d.kind,
    namespace,
    name,
  });
}

/** Name and namespace checks of the API server; the namespace of a namespaced object must exist. */
function validate(store: DemoStore, d: KindDescriptor, obj: KubeObject): void {
  const name = obj.metadata?.name;
  if (!name) throw invalid(d, '', 'metadata.name: Required value: name or generateName is required');
  if (name.length > 253 || !NAME.test(name)) {
    throw invalid(
      d,
      name,
      `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    );
  }
  if (!d.namespaced) return;
  const ns = obj.metadata.namespace;
  if (!ns) throw invalid(d, name, 'metadata.namespace: Required value');
  if (!store.get('namespaces', undefined, ns)) {
    throw new ApiError(`namespaces "${ns}" not found`, {
      status: 404,
      reason: 'NotFound',
      kind: 'Namespace',
      name: ns,
    });
  }
}

function withoutStatus(obj: KubeObject): KubeObject {
  const { status: _s, ...rest } = obj;
  return rest as KubeObject;
}

function userMeta(obj: KubeObject): KubeObject {
  const {
    resourceVersion: _rv,
    uid: _uid,
    creationTimestamp: _ct,
    generation: _g,
    ...metadata
  } = obj.metadata;
  return { ...withoutStatus(obj), metadata: metadata as KubeObject['metadata'] };
}

/** Server-side-apply-like: merges the given fields; 409 when they would change fields another manager owns. */
export function applyObject(
  store: DemoStore,
  obj: KubeObject,
  manager: string,
  opts: WriteOptions = {},
): KubeObject {
  const d = resolveKind(obj);
  validate(store, d, obj);
  const ns = d.namespaced ? obj.metadata.namespace : undefined;
  const applied = userMeta({ ...obj, metadata: { ...obj.metadata, namespace: ns } });
  const current = store.get(d.key, ns, obj.metadata.name);
  if (current && !opts.force) {
    const conflicts = findConflicts(current, store.owners(d.key, ns, obj.metadata.name), applied, manager);
    if (conflicts.length > 0) {
      const list = conflicts.map((c) => `conflict with "${c.manager}": ${c.field}`);
      throw new ApiError(
        `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${list.join('; ')}`,
        {
          status: 409,
          reason: 'Conflict',
          kind: d.kind,
          namespace: ns,
          name: obj.metadata.name,
          conflicts: conflicts.map((c) => ({
            manager: c.manager,
            field: c.field,
            message: `conflict with "${c.manager}": ${c.field}`,
          })),
        },
      );
    }
  }
  const merged = (current ? mergeApply(current, applied) : structuredClone(applied)) as KubeObject;
  if (opts.dryRun) return store.prepare(d.key, merged, { dryRun: true });
  // Every field the applier sent becomes its own, even where the value did not change.
  return store.write(d.key, merged, manager, ownedPaths(applied));
}

/** Creates an object; 409 AlreadyExists when it is there. */
export function createObject(
  store: DemoStore,
  obj: KubeObject,
  manager: string,
  opts: WriteOptions = {},
): KubeObject {
  const d = resolveKind(obj);
  validate(store, d, obj);
  const ns = d.namespaced ? obj.metadata.namespace : undefined;
  if (store.get(d.key, ns, obj.metadata.name)) {
    throw new ApiError(`${resourceName(d)} "${obj.metadata.name}" already exists`, {
      status: 409,
      reason: 'AlreadyExists',
      kind: d.kind,
      namespace: ns,
      name: obj.metadata.name,
    });
  }
  const clean = structuredClone(userMeta({ ...obj, metadata: { ...obj.metadata, namespace: ns } }));
  if (opts.dryRun) return store.prepare(d.key, clean, { dryRun: true });
  return store.write(d.key, clean, manager);
}

/** RFC 7386 merge patch of an existing object; 404 when absent. `status` in the patch is ignored. */
export function patchObject(
  store: DemoStore,
  d: KindDescriptor,
  namespace: string | undefined,
  name: string,
  patch: Record<string, unknown>,
  manager: string,
  opts: WriteOptions = {},
): KubeObject {
  const ns = d.namespaced ? namespace : undefined;
  const current = store.get(d.key, ns, name);
  if (!current) throw notFound(d, name, ns);
  const { status: _s, ...safe } = patch;
  if (typeof safe.metadata === 'object' && safe.metadata !== null) {
    const {
      name: _n,
      namespace: _ns,
      uid: _u,
      resourceVersion: _rv,
      ...meta
    } = safe.metadata as Record<string, unknown>;
    safe.metadata = meta;
  }
  const next = mergePatch(current, safe) as KubeObject;
  next.metadata = { ...next.metadata, name: current.metadata.name, namespace: current.metadata.namespace };
  if (!next.metadata.namespace) delete next.metadata.namespace;
  if (opts.dryRun) return store.prepare(d.key, next, { dryRun: true });
  return store.write(d.key, next, manager);
}

/** Deletes an object (a Namespace with everything in it); 404 when absent. Returns what was deleted. */
export function deleteObject(
  store: DemoStore,
  d: KindDescriptor,
  namespace: string | undefined,
  name: string,
  opts: WriteOptions = {},
): KubeObject {
  const ns = d.namespaced ? namespace : undefined;
  const current = store.get(d.key, ns, name);
  if (!current) throw notFound(d, name, ns);
  if (opts.dryRun) return current;
  if (d.key === 'namespaces') {
    for (const { kind, obj } of store.all())
      if (obj.metadata.namespace === name) store.remove(kind, name, obj.metadata.name);
  }
  store.remove(d.key, ns, name);
  return current;
}

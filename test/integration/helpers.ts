import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { inject } from 'vitest';
import { FIELD_MANAGER } from '@/lib/cluster/source';
import { materialize } from '@/lib/demo/materialize';
import { forCreate } from '@/lib/demo/render';
import { defaultScenarioDir, readScenario } from '@/lib/demo/scenario';
import { isApiError } from '@/lib/k8s/errors';
import { descriptorFor, type KindDescriptor, kindByKey, parseApiVersion } from '@/lib/k8s/kinds';
import type { KubeObject } from '@/lib/k8s/objects';
import { resourcePath } from '@/lib/k8s/paths';
import { KubeClusterSource, type KubeSourceOptions } from '@/lib/k8s/source';
import { listRecords, type MigrationRecord, parseRecord } from '@/lib/migrate';

/** The users of the test API server's kubeconfig. */
export type TestContext = 'admin' | 'viewer' | 'team';

/** A KubeConfig for `context` of the shared test API server, or of the server whose kubeconfig is given. */
export function kubeconfigFor(context: TestContext, kubeconfigPath?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(kubeconfigPath ?? inject('MM_KUBECONFIG'), 'utf8'));
  kc.setCurrentContext(context);
  return kc;
}

/** A (not yet started) source for `context`, as the dashboard builds it. */
export function sourceFor(
  context: TestContext,
  opts: Omit<KubeSourceOptions, 'kc'> & { kubeconfig?: string } = {},
): KubeClusterSource {
  const { kubeconfig, ...rest } = opts;
  return new KubeClusterSource({ kc: kubeconfigFor(context, kubeconfig), ...rest });
}

/** A name no other test file uses on the shared server: `prefix-<time base36><random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Polls `fn` until it returns something other than undefined/false. */
export async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects). */
export function refOf(o: KubeObject): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The descriptor to write `obj` at its own apiVersion; throws for kinds the product does not know. */
export function descriptorOfObject(obj: KubeObject): KindDescriptor {
  const d = descriptorFor(obj.apiVersion, obj.kind);
  if (!d) throw new Error(`${obj.apiVersion} ${obj.kind} is not a kind of lib/k8s/kinds`);
  return { ...d, version: parseApiVersion(obj.apiVersion).version };
}

/**
 * Server-side apply dry run of `obj`, as `KubeClusterSource.apply` sends it, but with
 * `fieldValidation=Strict`: by default the server silently prunes unknown fields, which would hide
 * output the schema does not know.
 */
export async function strictDryRun(source: KubeClusterSource, obj: KubeObject): Promise<KubeObject> {
  const d = descriptorOfObject(obj);
  return source.rest.request<KubeObject>(
    'PATCH',
    resourcePath(d, obj.metadata.namespace, obj.metadata.name),
    {
      query: { fieldManager: FIELD_MANAGER, dryRun: 'All', fieldValidation: 'Strict' },
      body: obj,
      contentType: 'application/apply-patch+yaml',
    },
  );
}

/** One object the API server refused. */
export interface Rejection {
  ref: string;
  /** HTTP status and the server's message. */
  message: string;
  /** Where the object came from (fixture file, seed, channel). */
  origin: string;
}

/** Strict dry-run applies every object (8 in flight) and returns those the server refused. */
export async function rejectedObjects(
  source: KubeClusterSource,
  objects: readonly { obj: KubeObject; origin: string }[],
): Promise<Rejection[]> {
  const results = await mapLimit(objects, 8, async ({ obj, origin }) => {
    try {
      await strictDryRun(source, obj);
      return undefined;
    } catch (e) {
      const message = isApiError(e) ? `${e.status} ${e.message}` : String(e);
      return { ref: refOf(obj), message, origin };
    }
  });
  return results.filter((r): r is Rejection => r !== undefined);
}

/** Formats rejections one per line for an assertion message. */
export function describeRejections(rejections: readonly Rejection[]): string {
  return rejections.map((r) => `[${r.origin}] ${r.ref}: ${r.message}`).join('\n');
}

const namespaces = kindByKey('namespaces');

/**
 * Makes sure each namespace exists and is Active (waiting out one that is still terminating from
 * an earlier test file). Returns the names it created, for {@link deleteNamespaces}.
 */
export async function ensureNamespaces(
  source: KubeClusterSource,
  names: Iterable<string>,
): Promise<string[]> {
  const created: string[] = [];
  for (const name of new Set(names)) {
    const live = await source.get(namespaces, undefined, name);
    if (live && !live.metadata.deletionTimestamp) continue;
    if (live)
      await until(
        async () => (await source.get(namespaces, undefined, name)) === undefined,
        `namespace ${name} to finish terminating`,
        90_000,
      );
    await source.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    created.push(name);
  }
  return created;
}

/** Deletes namespaces (ignoring those already gone); the server's namespace controller empties them. */
export async function deleteNamespaces(source: KubeClusterSource, names: Iterable<string>): Promise<void> {
  for (const name of names) {
    await source.delete(namespaces, undefined, name).catch((e: unknown) => {
      if (!(isApiError(e) && e.status === 404)) throw e;
    });
  }
}

/**
 * The demo scenario as `scripts/render-scenario.ts` writes it (seed 42): the scenario objects plus
 * what the demo's controllers derive (ReplicaSets, Pods with status...), stripped for creation.
 */
export async function demoScenarioObjects(): Promise<KubeObject[]> {
  const { objects, problems } = await readScenario(defaultScenarioDir());
  if (problems.length > 0)
    throw new Error(`demo scenario does not parse: ${problems.map((p) => p.message).join('; ')}`);
  return materialize(objects, { seed: 42 }).map(forCreate);
}

// Creation order on a real server: owners before what they own, so owner references get real uids.
const LOAD_ORDER = [
  'Namespace',
  'ServiceAccount',
  'Service',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
];
const loadRank = (kind: string) => {
  const i = LOAD_ORDER.indexOf(kind);
  return i < 0 ? LOAD_ORDER.length : i;
};
// Kinds whose status the scenario carries and nothing on a bare API server would write.
const STATUS_KINDS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * Creates `objects` for real as field manager `manager` (someone other than mesh-migrator), in
 * dependency order, with owner references pointing at the uids the server assigned, then writes
 * each workload's and pod's status through its /status subresource.
 */
export async function createForReal(
  source: KubeClusterSource,
  objects: readonly KubeObject[],
  manager: string,
): Promise<void> {
  const uids = new Map<string, string>();
  const sorted = [...objects].sort((a, b) => loadRank(a.kind) - loadRank(b.kind));
  for (const rank of [...new Set(sorted.map((o) => loadRank(o.kind)))]) {
    const batch = sorted.filter((o) => loadRank(o.kind) === rank);
    await mapLimit(batch, 6, async (o) => {
      const ns = o.metadata.namespace;
      const ownerReferences = o.metadata.ownerReferences?.map((r) => ({
        ...r,
        uid: uids.get(`${ns}/${r.kind}/${r.name}`) ?? r.uid,
      }));
      const { status, ...body } = { ...o, metadata: { ...o.metadata, ownerReferences } };
      const d = descriptorOfObject(o);
      const created = await source.rest.request<KubeObject>('POST', resourcePath(d, ns), {
        query: { fieldManager: manager },
        body,
      });
      if (created.metadata.uid) uids.set(`${ns}/${o.kind}/${o.metadata.name}`, created.metadata.uid);
      if (status && STATUS_KINDS.has(o.kind))
        await source.rest.request('PATCH', resourcePath(d, ns, o.metadata.name, 'status'), {
          query: { fieldManager: manager },
          body: { status },
          contentType: 'application/merge-patch+json',
        });
    });
  }
}

/** Deep copy of `v` with every occurrence of `from` in strings replaced by `to`. */
export function renamed<T>(v: T, from: string, to: string): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return x.replaceAll(from, to);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object')
      return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(v) as T;
}

/**
 * Creates the demo's `bookinfo` namespace for real under the name `ns` (every `bookinfo` in a
 * string renamed, so hosts, principals and service accounts stay consistent), as field manager
 * `kubectl-create`. Returns the copied objects.
 */
export async function createBookinfoCopy(source: KubeClusterSource, ns: string): Promise<KubeObject[]> {
  const bookinfo = (await demoScenarioObjects()).filter(
    (o) => o.metadata.namespace === 'bookinfo' || (o.kind === 'Namespace' && o.metadata.name === 'bookinfo'),
  );
  const copy = renamed(bookinfo, 'bookinfo', ns);
  await createForReal(source, copy, 'kubectl-create');
  return copy;
}

/** Deletes each object, ignoring those already gone. */
export async function deleteAll(source: KubeClusterSource, objects: readonly KubeObject[]): Promise<void> {
  for (const o of objects)
    await source.delete(descriptorOfObject(o), o.metadata.namespace, o.metadata.name).catch((e: unknown) => {
      if (!(isApiError(e) && e.status === 404)) throw e;
    });
}

/** A migration record as stored in its ConfigMap, once `source`'s cache holds that same version. */
export async function storedRecord(
  source: KubeClusterSource,
  recordId: string | undefined,
): Promise<MigrationRecord> {
  const [ns = '', name = ''] = recordId?.split('/') ?? [];
  return until(
    async () => {
      const cm = await source.get(kindByKey('configmaps'), ns, name);
      const fresh = cm && parseRecord(cm);
      const cached = listRecords(source.snapshot().resources, ns).find((r) => r.id === recordId);
      return fresh && JSON.stringify(fresh) === JSON.stringify(cached) ? fresh : undefined;
    },
    `record ${recordId} stored and in the cache`,
    20_000,
  );
}

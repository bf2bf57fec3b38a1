import { KubeConfig } from '@kubernetes/client-node';
import { Agent, request } from 'undici';
import { descriptorFor, parseApiVersion } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { resourcePath } from '../k8s/paths';

export interface BulkLoadOptions {
  /** Parallel requests over kept-alive connections. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BulkLoadResult {
  created: number;
  failed: { ref: string; message: string }[];
  ms: number;
}

/** An API server reached with one token over one pool of kept-alive connections. */
export interface Target {
  origin: string;
  token: string;
  agent: Agent;
}

/** Opens a connection pool to the kubeconfig's current cluster (token users only). */
export function openTarget(kubeconfig: string, concurrency = 32): Target {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const cluster = kc.getCurrentCluster();
  const token = kc.getCurrentUser()?.token;
  if (!cluster || !token) throw new Error(`${kubeconfig}: needs a current cluster and a token user`);
  const ca = cluster.caData ? Buffer.from(cluster.caData, 'base64') : undefined;
  const agent = new Agent({ connections: concurrency, pipelining: 1, connect: { ca } });
  return { origin: cluster.server.replace(/\/$/, ''), token, agent };
}

const ref = (o: KubeObject) =>
  `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** One request; resolves to the parsed JSON body, throws with the server's message on >= 300. */
export async function apiRequest<T = unknown>(
  t: Target,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
): Promise<T> {
  const res = await request(`${t.origin}${path}`, {
    method: method as 'POST',
    dispatcher: t.agent,
    headers: { authorization: `Bearer ${t.token}`, 'content-type': type, accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new Error(`${res.statusCode} ${message}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Creates one object, then writes its status (no controller or kubelet here writes it). */
async function createOne(t: Target, obj: KubeObject): Promise<void> {
  const d = descriptorFor(obj.apiVersion, obj.kind);
  if (!d) throw new Error(`${obj.apiVersion} ${obj.kind} is not a known kind`);
  const desc = { ...d, version: parseApiVersion(obj.apiVersion).version };
  const { status, ...rest } = obj as KubeObject & { status?: unknown };
  const { uid: _uid, resourceVersion: _rv, ...metadata } = obj.metadata;
  await apiRequest(
    t,
    'POST',
    resourcePath(desc, obj.metadata.namespace),
    { ...rest, metadata },
    'application/json',
  );
  if (status && typeof status === 'object' && Object.keys(status).length > 0) {
    const path = resourcePath(desc, obj.metadata.namespace, obj.metadata.name, 'status');
    await apiRequest(t, 'PATCH', path, { status }, 'application/merge-patch+json');
  }
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Loads objects into an API server fast: namespaces first, then built-in kinds, then custom
 * resources, each phase as parallel creates over kept-alive connections (the Go loader of
 * `test/cluster` does one object at a time per worker through client-go's rate limiter).
 * Statuses are written through `/status`. Failures are collected, not thrown.
 */
export async function bulkLoad(
  kubeconfig: string,
  objects: readonly KubeObject[],
  opts: BulkLoadOptions = {},
): Promise<BulkLoadResult> {
  const concurrency = opts.concurrency ?? 32;
  const t = openTarget(kubeconfig, concurrency);
  const started = performance.now();
  const phase = (o: KubeObject) =>
    o.kind === 'Namespace' && o.apiVersion === 'v1' ? 0 : /^(v1|apps\/v1)$/.test(o.apiVersion) ? 1 : 2;
  const phases: KubeObject[][] = [[], [], []];
  for (const o of objects) phases[phase(o)]?.push(o);
  const failed: BulkLoadResult['failed'] = [];
  let done = 0;
  try {
    for (const list of phases) {
      await pool(list, concurrency, async (o) => {
        try {
          await createOne(t, o);
        } catch (e) {
          failed.push({ ref: ref(o), message: (e as Error).message });
        }
        done += 1;
        if (done % 1000 === 0) opts.onProgress?.(done, objects.length);
      });
    }
  } finally {
    await t.agent.close();
  }
  return { created: objects.length - failed.length, failed, ms: performance.now() - started };
}

import 'server-only';
import { createDemoCluster } from '../demo';
import { FilesClusterSource } from '../files/source';
import { type ContextInfo, kubeconfigOrigin, listContexts, loadKubeConfig } from '../k8s/kubeconfig';
import type { RestClient } from '../k8s/rest';
import { KubeClusterSource } from '../k8s/source';
import { envFlag, type SourceChoice } from './choose';
import { dirtyScope } from './dirty';
import { defaultChoice } from './environment';
import type { ClusterSource } from './source';

export interface Connection {
  id: string;
  choice: SourceChoice;
  source: ClusterSource;
  ready: Promise<void>;
  /** Set when the cluster cannot be reached or the source failed to start. */
  error?: string;
}

interface RegistryState {
  /** Open connections by choice id; the first is the one the environment chose. */
  connections: Map<string, Connection>;
  /** MESH_MIGRATOR_READ_ONLY: a server policy, set once from the environment. */
  readOnly: boolean;
  seq: number;
  listeners: Set<(e: RegistryEvent) => void>;
}

/** A change in a connection's source (`id` names the connection; `namespaces` absent: any). */
export type RegistryEvent =
  | { type: 'change'; id: string; revision: number; namespaces?: string[] }
  | { type: 'switch'; id: string };

/** Connections kept open at once (local mode lets its user look at other contexts and the demo). */
const MAX_CONNECTIONS = 4;

// Kept on globalThis so that dev-mode module reloads share the connections and their watches.
const g = globalThis as typeof globalThis & { __meshMigratorRegistry?: RegistryState };
g.__meshMigratorRegistry ??= {
  connections: new Map(),
  readOnly: envFlag(process.env.MESH_MIGRATOR_READ_ONLY),
  seq: 0,
  listeners: new Set(),
};
const state: RegistryState = g.__meshMigratorRegistry;

/** Stable name of a source choice: `demo`, `files:a,b` or `kube:<context>`. */
export function choiceId(choice: SourceChoice): string {
  if (choice.source === 'demo') return 'demo';
  if (choice.source === 'files') return `files:${choice.paths.join(',')}`;
  return `kube:${choice.context ?? ''}`;
}

async function checkReachable(rest: RestClient): Promise<void> {
  await rest.request('GET', '/version', { signal: AbortSignal.timeout(5_000) });
}

function connect(choice: SourceChoice): Connection {
  state.seq += 1;
  let source: ClusterSource;
  if (choice.source === 'demo') source = createDemoCluster({ readOnly: state.readOnly });
  else if (choice.source === 'files') source = new FilesClusterSource(choice.paths);
  else {
    const kc = loadKubeConfig(choice.context);
    source = new KubeClusterSource({ kc, readOnly: state.readOnly });
    choice = { source: 'kube', context: kc.getCurrentContext() };
  }
  const conn: Connection = {
    id: `${choiceId(choice)}#${state.seq}`,
    choice,
    source,
    ready: Promise.resolve(),
  };
  source.subscribe((e) => {
    const scope = dirtyScope(e);
    emit({
      type: 'change',
      id: conn.id,
      revision: e.revision,
      ...(scope.all ? {} : { namespaces: scope.namespaces }),
    });
  });
  conn.ready = (async () => {
    try {
      // The lists start beside the reachability check instead of a round trip after it; an
      // unreachable server stops them and is reported as the connection's error.
      const reachable =
        source instanceof KubeClusterSource
          ? checkReachable(source.rest).catch(async (e) => {
              await source.stop();
              throw e;
            })
          : undefined;
      const started = source.start();
      await reachable;
      await started;
    } catch (e) {
      conn.error = (e as Error).message;
    }
  })();
  return conn;
}

function emit(e: RegistryEvent): void {
  for (const l of state.listeners) l(e);
}

/** Listens to changes of every open connection; filter by `id`. */
export function subscribeRegistry(listener: (e: RegistryEvent) => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

export { defaultChoice };

function open(choice: SourceChoice): Connection {
  const key = choiceId(choice);
  const existing = state.connections.get(key);
  if (existing) {
    // Most recently used last, so eviction takes the oldest.
    state.connections.delete(key);
    state.connections.set(key, existing);
    return existing;
  }
  let conn: Connection;
  try {
    conn = connect(choice);
  } catch (e) {
    // A broken kubeconfig must not take the app down: show the error beside the demo cluster.
    conn = connect({ source: 'demo' });
    conn.error = `kubeconfig could not be loaded: ${(e as Error).message}; showing the demo cluster`;
  }
  state.connections.set(key, conn);
  const defaultKey = choiceId(defaultChoice());
  for (const [k, c] of state.connections) {
    if (state.connections.size <= MAX_CONNECTIONS) break;
    if (k === defaultKey || k === key) continue;
    state.connections.delete(k);
    void c.source.stop();
  }
  return conn;
}

/**
 * The connection for `choice` (default: the environment's), opened on first use and shared by
 * every request that names the same choice. Reads go through this one cache.
 */
export async function getConnection(choice: SourceChoice = defaultChoice()): Promise<Connection> {
  const conn = open(choice);
  await conn.ready;
  return conn;
}

/** Opens the connection for `choice` without waiting for its first lists (see lib/server/preload.ts). */
export function openConnection(choice: SourceChoice = defaultChoice()): Connection {
  return open(choice);
}

/** Whether MESH_MIGRATOR_READ_ONLY is set: a policy no request can lift. */
export function isReadOnly(): boolean {
  return state.readOnly;
}

/** Contexts in the kubeconfig, if any. Never throws: a missing kubeconfig is an empty list. */
export function availableContexts(): ContextInfo[] {
  if (!kubeconfigOrigin()) return [];
  try {
    return listContexts(loadKubeConfig());
  } catch {
    return [];
  }
}

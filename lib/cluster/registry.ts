import 'server-only';
import { createDemoCluster } from '../demo';
import { FilesClusterSource } from '../files/source';
import { type ContextInfo, kubeconfigOrigin, listContexts, loadKubeConfig } from '../k8s/kubeconfig';
import type { RestClient } from '../k8s/rest';
import { KubeClusterSource } from '../k8s/source';
import { chooseSource, envFlag, type SourceChoice } from './choose';
import { dirtyScope } from './dirty';
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
  connection?: Connection;
  readOnly: boolean;
  seq: number;
  listeners: Set<(e: RegistryEvent) => void>;
  unsubscribe?: () => void;
}

/** A change in the current source, or a switch to another source. */
export type RegistryEvent =
  | { type: 'change'; revision: number; namespaces?: string[] }
  | { type: 'switch'; id: string };

// Kept on globalThis so that dev-mode module reloads share one connection and its watches.
const g = globalThis as typeof globalThis & { __meshMigrator?: RegistryState };
g.__meshMigrator ??= {
  readOnly: envFlag(process.env.MESH_MIGRATOR_READ_ONLY),
  seq: 0,
  listeners: new Set(),
};
const state: RegistryState = g.__meshMigrator;

function idOf(choice: SourceChoice): string {
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
  const conn: Connection = { id: `${idOf(choice)}#${state.seq}`, choice, source, ready: Promise.resolve() };
  state.unsubscribe?.();
  state.unsubscribe = source.subscribe((e) => {
    const scope = dirtyScope(e);
    emit({ type: 'change', revision: e.revision, ...(scope.all ? {} : { namespaces: scope.namespaces }) });
  });
  conn.ready = (async () => {
    try {
      if (source instanceof KubeClusterSource) await checkReachable(source.rest);
      await source.start();
    } catch (e) {
      conn.error = (e as Error).message;
    }
  })();
  return conn;
}

function emit(e: RegistryEvent): void {
  for (const l of state.listeners) l(e);
}

/** Listens to changes of whichever source is current, across switches. */
export function subscribeRegistry(listener: (e: RegistryEvent) => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/** The current connection, created on first use from the environment. */
export async function getConnection(): Promise<Connection> {
  if (!state.connection) {
    let choice = chooseSource(process.env, kubeconfigOrigin() !== undefined);
    try {
      state.connection = connect(choice);
    } catch (e) {
      // A broken kubeconfig must not take the app down: show the error on the demo-free error page.
      choice = { source: 'demo' };
      state.connection = connect(choice);
      state.connection.error = `kubeconfig could not be loaded: ${(e as Error).message}; showing the demo cluster`;
    }
  }
  await state.connection.ready;
  return state.connection;
}

/** Switches to another source; the old one stops watching. */
export async function switchConnection(choice: SourceChoice): Promise<Connection> {
  const next = connect(choice);
  const prev = state.connection;
  state.connection = next;
  if (prev) await prev.source.stop();
  emit({ type: 'switch', id: next.id });
  await next.ready;
  return next;
}

export function isReadOnly(): boolean {
  return state.readOnly;
}

export function setReadOnly(v: boolean): void {
  state.readOnly = v;
  const src = state.connection?.source as { setReadOnly?: (v: boolean) => void } | undefined;
  src?.setReadOnly?.(v);
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

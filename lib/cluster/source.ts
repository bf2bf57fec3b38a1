import { ApiError } from '../k8s/errors';
import type { KindDescriptor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import type { TelemetrySource } from '../telemetry/source';
import type { ClusterSnapshot } from './snapshot';
import type { ClusterPreview } from './store';

/** Where the data comes from. Every source implements the same interface. */
export type SourceKind = 'kube' | 'demo' | 'files';

export interface ClusterInfo {
  source: SourceKind;
  /** Context name for `kube`, `demo`, or the path(s) for `files`. */
  name: string;
  /** API server URL when known. */
  server?: string;
  /** Writes disabled (setting, UI switch, or a source that cannot write). */
  readOnly: boolean;
  /** Why the source is read-only when it cannot write at all (e.g. YAML files). */
  readOnlyReason?: string;
}

export interface WriteOptions {
  /** Server-side dry run: validate and return what would be stored, store nothing. */
  dryRun?: boolean;
  /** Take ownership of fields owned by other managers. Only after explicit confirmation. */
  force?: boolean;
}

export interface ChangeEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'RESYNC' | 'STATUS';
  kind?: KindDescriptor['key'];
  object?: KubeObject;
  revision: number;
}

export interface AccessCheck {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  group: string;
  resource: string;
  namespace?: string;
  subresource?: string;
}

export interface AccessResult {
  allowed: boolean;
  reason?: string;
}

export interface Identity {
  username: string;
  groups: string[];
}

/**
 * A cluster the product can read and (unless read-only) write. Implemented by the real cluster
 * (`lib/k8s`), the in-memory demo cluster (`lib/demo`) and YAML dumps (`lib/files`).
 */
export interface ClusterSource {
  info(): ClusterInfo;
  /** Loads every kind (list), then keeps it current (watch). Resolves after the first list. */
  start(): Promise<void>;
  stop(): Promise<void>;
  snapshot(): ClusterSnapshot;
  /** Called after every applied change. Returns an unsubscribe function. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  /** While the first lists run: the cluster as far as they have come (a source that lists in pages). */
  preview?(): ClusterPreview | undefined;
  /** Called as the first lists progress. Returns an unsubscribe function. */
  subscribeProgress?(listener: () => void): () => void;
  /** Server-side apply with field manager `mesh-migrator`. */
  apply(obj: KubeObject, opts?: WriteOptions): Promise<KubeObject>;
  /** JSON merge patch (RFC 7386). */
  mergePatch(
    d: KindDescriptor,
    namespace: string | undefined,
    name: string,
    patch: Record<string, unknown>,
    opts?: WriteOptions,
  ): Promise<KubeObject>;
  /** Creates an object; fails with 409 when it exists. */
  create(obj: KubeObject, opts?: WriteOptions): Promise<KubeObject>;
  delete(d: KindDescriptor, namespace: string | undefined, name: string, opts?: WriteOptions): Promise<void>;
  /** Reads one object fresh from the source (not the cache); undefined when absent. */
  get(d: KindDescriptor, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** SelfSubjectAccessReview or the source's equivalent. */
  canI(check: AccessCheck): Promise<AccessResult>;
  /** The identity the API server sees (SelfSubjectReview). */
  whoAmI(): Promise<Identity>;
  /** Metrics the source carries itself (the demo's simulated mesh); a configured Prometheus wins. */
  telemetry?(): TelemetrySource | undefined;
}

export const FIELD_MANAGER = 'mesh-migrator';

/**
 * Read-only mode refuses writes (403, reason `ReadOnly`) but lets server-side dry runs through, so
 * previews keep working. Shared by every source that can write.
 */
export function assertWritable(readOnly: boolean, opts: WriteOptions | undefined, message: string): void {
  if (readOnly && !opts?.dryRun) throw new ApiError(message, { status: 403, reason: 'ReadOnly' });
}

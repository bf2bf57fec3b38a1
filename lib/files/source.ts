import type { AccessResult, ClusterInfo, ClusterSource, Identity } from '../cluster/source';
import { ObjectStore } from '../cluster/store';
import { ApiError } from '../k8s/errors';
import { descriptorFor, KINDS, type KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { stripObject } from '../k8s/strip';
import type { ParseProblem } from './parse';
import { readObjects } from './read';

/** Sorts parsed objects into kinds; objects of kinds the product does not read are reported. */
export function groupByKind(objects: KubeObject[]): {
  byKind: Map<KindKey, KubeObject[]>;
  unknown: { ref: string; apiVersion: string; kind: string }[];
} {
  const byKind = new Map<KindKey, KubeObject[]>(KINDS.map((k) => [k.key, []]));
  const unknown: { ref: string; apiVersion: string; kind: string }[] = [];
  for (const o of objects) {
    const d = descriptorFor(o.apiVersion, o.kind);
    if (!d) {
      unknown.push({
        ref: `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
        apiVersion: o.apiVersion,
        kind: o.kind,
      });
      continue;
    }
    byKind.get(d.key)?.push(stripObject(o));
  }
  return { byKind, unknown };
}

const readOnlyError = () =>
  new ApiError('a YAML dump is read-only: export the plan as files instead', {
    status: 403,
    reason: 'ReadOnly',
  });

/** A `kubectl get -o yaml` dump (files or directories), read-only. */
export class FilesClusterSource implements ClusterSource {
  private readonly store = new ObjectStore();
  problems: ParseProblem[] = [];
  unknown: { ref: string; apiVersion: string; kind: string }[] = [];

  constructor(private readonly paths: string[]) {}

  info(): ClusterInfo {
    return {
      source: 'files',
      name: this.paths.join(', '),
      readOnly: true,
      readOnlyReason: 'loaded from files',
    };
  }

  async start(): Promise<void> {
    const { objects, problems } = await readObjects(this.paths);
    this.problems = problems;
    const { byKind, unknown } = groupByKind(objects);
    this.unknown = unknown;
    for (const [key, items] of byKind) this.store.replace(key, items);
  }

  async stop(): Promise<void> {}
  snapshot() {
    return this.store.snapshot();
  }
  subscribe(listener: Parameters<ObjectStore['subscribe']>[0]) {
    return this.store.subscribe(listener);
  }
  async apply(): Promise<KubeObject> {
    throw readOnlyError();
  }
  async mergePatch(): Promise<KubeObject> {
    throw readOnlyError();
  }
  async create(): Promise<KubeObject> {
    throw readOnlyError();
  }
  async delete(): Promise<void> {
    throw readOnlyError();
  }
  async get(d: Parameters<ClusterSource['get']>[0], namespace: string | undefined, name: string) {
    return this.store
      .snapshot()
      .resources[d.key].find(
        (o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === namespace,
      );
  }
  async canI(): Promise<AccessResult> {
    return { allowed: false, reason: 'loaded from files: read-only' };
  }
  async whoAmI(): Promise<Identity> {
    return { username: 'offline', groups: [] };
  }
}

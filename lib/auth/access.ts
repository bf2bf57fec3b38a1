import type { ClusterSnapshot, ResourceSet } from '../cluster/snapshot';
import { KINDS, type KindDescriptor, type KindKey } from '../k8s/kinds';

/** One rule of a SelfSubjectRulesReview's `resourceRules`. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** What one user may list: kinds cluster-wide, and kinds per namespace. */
export interface UserAccess {
  /** Lists every kind cluster-wide: the shared cache is theirs unfiltered. */
  all: boolean;
  clusterWide: ReadonlySet<KindKey>;
  perNamespace: ReadonlyMap<string, ReadonlySet<KindKey>>;
}

const matches = (list: readonly string[] | undefined, v: string) =>
  !!list && (list.includes('*') || list.includes(v));

/** Whether SSRR rules allow `verb` on every object of a kind (rules limited to resourceNames do not). */
export function rulesAllow(
  rules: readonly ResourceRule[],
  verb: string,
  d: Pick<KindDescriptor, 'group' | 'plural'>,
): boolean {
  return rules.some(
    (r) =>
      matches(r.verbs, verb) &&
      matches(r.apiGroups, d.group) &&
      matches(r.resources, d.plural) &&
      !(r.resourceNames && r.resourceNames.length > 0),
  );
}

/** Namespaced kinds the rules let the user list. */
export function listableKinds(
  rules: readonly ResourceRule[],
  kinds: readonly KindDescriptor[] = KINDS,
): Set<KindKey> {
  return new Set(kinds.filter((k) => k.namespaced && rulesAllow(rules, 'list', k)).map((k) => k.key));
}

/** Full access: nothing to filter. */
export const FULL_ACCESS: UserAccess = {
  all: true,
  clusterWide: new Set(KINDS.map((k) => k.key)),
  perNamespace: new Map(),
};

/** The namespaces a user sees: where they may list at least one namespaced kind. */
export function visibleNamespaces(access: UserAccess, all: readonly string[]): Set<string> {
  const anyNamespacedClusterWide = KINDS.some((k) => k.namespaced && access.clusterWide.has(k.key));
  if (access.all || anyNamespacedClusterWide) return new Set(all);
  return new Set([...access.perNamespace].filter(([, kinds]) => kinds.size > 0).map(([ns]) => ns));
}

/**
 * The part of the shared cache one user may see: cluster-scoped kinds they may list, namespaced
 * objects of kinds they may list cluster-wide or in the object's namespace, and the Namespace
 * objects of the namespaces they see. Kinds they may list nowhere are marked `forbidden`.
 * Pure; returns `snap` itself when nothing is hidden.
 */
export function filterSnapshot(snap: ClusterSnapshot, access: UserAccess): ClusterSnapshot {
  if (access.all) return snap;
  const names = snap.resources.namespaces.map((n) => n.metadata.name);
  const visible = visibleNamespaces(access, names);
  const resources = {} as ResourceSet;
  const kinds = { ...snap.kinds };
  for (const d of KINDS) {
    const objs = snap.resources[d.key];
    let kept: typeof objs;
    if (d.key === 'namespaces') kept = objs.filter((n) => visible.has(n.metadata.name));
    else if (access.clusterWide.has(d.key)) kept = objs;
    else if (!d.namespaced) kept = [];
    else
      kept = objs.filter((o) => {
        const ns = o.metadata.namespace;
        return ns !== undefined && access.perNamespace.get(ns)?.has(d.key) === true;
      });
    resources[d.key] = kept;
    const anywhere =
      d.key === 'namespaces' ||
      access.clusterWide.has(d.key) ||
      [...access.perNamespace.values()].some((s) => s.has(d.key));
    const status = snap.kinds[d.key];
    kinds[d.key] =
      anywhere || status.state !== 'ok'
        ? { ...status, count: kept.length }
        : { state: 'forbidden', message: `you may not list ${d.label} in any namespace`, count: 0 };
  }
  return { resources, kinds, revision: snap.revision };
}

import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert';
import { buildLookup, type ConvertLookup, convertNamespace } from '../convert';
import { type Workload, withWorkloads, workloadOf } from '../convert/lookup';
import { resolveOptions } from '../convert/types';
import type { KubeObject } from '../k8s/objects';
import { indexOf } from '../model/cluster-index';

// The kinds the converter's parsed objects and indexes read: another kind's change keeps them.
const LOOKUP_KINDS = [
  'services',
  'virtualservices',
  'destinationrules',
  'serviceentries',
  'istiogateways',
] as const;

const WORKLOAD_KINDS = ['pods', 'deployments'] as const;

/** One namespace's workloads of one kind by each `key=value` label they carry. */
function byLabel(objects: readonly KubeObject[]): Map<string, Workload[]> {
  const out = new Map<string, Workload[]>();
  for (const o of objects) {
    const w = workloadOf(o);
    for (const [k, v] of Object.entries(w.labels)) {
      const key = `${k}=${v}`;
      const list = out.get(key);
      if (list) list.push(w);
      else out.set(key, [w]);
    }
  }
  return out;
}

/**
 * Selects workloads through per-namespace label indexes kept while that namespace's pods and
 * Deployments are: a pod change elsewhere costs a map lookup per namespace, not a walk over every pod.
 */
function indexedSelect(resources: ResourceSet): ConvertLookup['selectWorkloads'] {
  const ix = indexOf(resources);
  // Once per snapshot and selector: every route bound to a Gateway asks for its plan.
  const selected = new Map<string, readonly Workload[]>();
  return (selector) => {
    const entries = Object.entries(selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const first = entries[0];
    if (!first) return [];
    const cacheKey = JSON.stringify(entries);
    const hit = selected.get(cacheKey);
    if (hit) return hit;
    const key = `${first[0]}=${first[1]}`;
    const out: Workload[] = [];
    for (const kind of WORKLOAD_KINDS)
      for (const ns of ix.namespacesWith(kind))
        for (const w of ix.perNamespace(kind, ns, 'convert-workloads-by-label', byLabel).get(key) ?? [])
          if (entries.every(([k, v]) => w.labels[k] === v)) out.push(w);
    selected.set(cacheKey, out);
    return out;
  };
}

/**
 * The converter's indexes over a snapshot, per gateway class. Pods churn: their change keeps the
 * parsed objects and indexes and takes only the workloads (and the Gateway plans reading them) anew.
 */
export function lookupFor(resources: ResourceSet, gatewayClassName: string | undefined): ConvertLookup {
  const options = resolveOptions(gatewayClassName ? { gatewayClassName } : {});
  const ix = indexOf(resources);
  const key = `convert-lookup:${options.gatewayClassName}`;
  return ix.memo(key, () => {
    const base = ix.memo(`${key}:base`, () => buildLookup(resources, options), LOOKUP_KINDS);
    return withWorkloads(base, resources, indexedSelect(resources));
  }, [...LOOKUP_KINDS, 'pods', 'deployments']);
}

/** Converts the Istio networking resources of `ns` to Gateway API, for the plan and its findings. */
export function convertForPlan(
  resources: ResourceSet,
  ns: string,
  gatewayClassName: string | undefined,
): ConversionResult {
  return convertNamespace(lookupFor(resources, gatewayClassName), ns);
}

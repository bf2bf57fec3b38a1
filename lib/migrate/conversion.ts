import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert';
import { buildLookup, type ConvertLookup, convertNamespace } from '../convert';
import { type Workload, withWorkloads, workloadOf } from '../convert/lookup';
import { resolveOptions } from '../convert/types';
import type { KubeObject } from '../k8s/objects';
import { indexOf } from '../model/cluster-index';
import { processWide } from '../model/process-wide';

// The kinds the converter's parsed objects and indexes read: another kind's change keeps them.
const LOOKUP_KINDS = [
  'services',
  'virtualservices',
  'destinationrules',
  'serviceentries',
  'istiogateways',
] as const;

const WORKLOAD_KINDS = ['pods', 'deployments'] as const;

/** One namespace's pods or Deployments by the value of one label their workload carries. */
function byLabelValue(objects: readonly KubeObject[], key: string): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const v = workloadOf(o).labels[key];
    if (v === undefined) continue;
    const list = out.get(v);
    if (list) list.push(o);
    else out.set(v, [o]);
  }
  return out;
}

// The workload of an object a selector matched, the same while the object is: a Gateway's plan is
// kept while the workloads it selects are the same ones.
const workloads = processWide('convert:selected-workloads', () => new WeakMap<KubeObject, Workload>());

function selectedWorkload(o: KubeObject): Workload {
  let w = workloads.get(o);
  if (!w) {
    w = workloadOf(o);
    workloads.set(o, w);
  }
  return w;
}

/**
 * Selects workloads through per-namespace indexes of the label keys selectors use, kept while that
 * namespace's pods and Deployments are: a pod change elsewhere costs a map lookup per namespace,
 * not a walk over every pod.
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
    // Indexed by the label keys selectors ask for only (`istio`, `app`), not every label.
    const [key, value] = first;
    const memoKey = `convert-workloads-by-label:${key}`;
    const byValue = (objects: readonly KubeObject[]) => byLabelValue(objects, key);
    const out: Workload[] = [];
    for (const kind of WORKLOAD_KINDS)
      for (const ns of ix.namespacesWith(kind)) {
        const matched = ix.perNamespace(kind, ns, memoKey, byValue).get(value);
        if (!matched) continue;
        for (const o of matched) {
          const w = selectedWorkload(o);
          if (entries.every(([k, v]) => w.labels[k] === v)) out.push(w);
        }
      }
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
    // Built from the kinds it reads only: kept across pod changes, it must not hold older pods.
    const base = ix.memo(
      `${key}:base`,
      () => buildLookup(Object.fromEntries(LOOKUP_KINDS.map((k) => [k, resources[k]])), options),
      LOOKUP_KINDS,
    );
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

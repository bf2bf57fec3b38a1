/** Turns scenario objects into a running cluster's objects: ReplicaSets, Pods, controller output. */
import { descriptorFor, type KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { stripObject } from '../k8s/strip';
import { reconcile } from './controllers';
import { IdGen, nodeNames } from './ids';
import { MANAGERS, NODES_ANNOTATION } from './pods';
import { DemoStore } from './store';

export interface MaterializeOptions {
  /** Seed of uids, name suffixes and placement (default 42). */
  seed?: number;
  /** Node count; default from the istio-system Namespace annotation, else 3. */
  nodes?: number;
  /** Wall clock of the load; objects are dated one day earlier. */
  now?: Date;
}

export interface LoadResult {
  nodes: string[];
  /** Objects whose kind the product does not read (not stored). */
  skipped: string[];
}

const DAY = 24 * 60 * 60 * 1000;

/** Who wrote an object first: Helm and Argo CD own what they manage, everything else is kubectl's. */
export function initialManager(obj: KubeObject): string {
  if (obj.metadata.labels?.['app.kubernetes.io/managed-by'] === 'Helm') return 'helm';
  if (obj.metadata.annotations?.['argocd.argoproj.io/tracking-id']) return 'argocd-controller';
  return MANAGERS.scenario;
}

function nodeCount(objects: KubeObject[], override?: number): number {
  if (override !== undefined) return Math.max(1, override);
  const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'istio-system');
  const n = Number(ns?.metadata.annotations?.[NODES_ANNOTATION]);
  return Number.isInteger(n) && n > 0 ? n : 3;
}

/**
 * Writes the scenario into `store` and runs the controllers once with every pod ready and the
 * demo-only overrides in force. Emits one RESYNC event.
 */
export function loadInto(store: DemoStore, objects: KubeObject[], opts: MaterializeOptions = {}): LoadResult {
  const nodes = nodeNames(nodeCount(objects, opts.nodes));
  const skipped: string[] = [];
  const wall = opts.now ?? new Date();
  const clock = store.clock;
  store.clock = () => new Date(wall.getTime() - DAY);
  try {
    store.batch(() => {
      for (const o of objects) {
        const d = descriptorFor(o.apiVersion, o.kind);
        if (!d) {
          skipped.push(
            `${o.apiVersion} ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
          );
          continue;
        }
        store.write(d.key, structuredClone(stripObject(o)), initialManager(o));
      }
      reconcile({ store, nodes, initial: true });
    });
  } finally {
    store.clock = clock;
  }
  return { nodes, skipped };
}

// Order in which a real API server can create them: namespaces and classes before what lives in them.
const FIRST: KindKey[] = ['namespaces', 'gatewayclasses', 'serviceaccounts'];

/**
 * Pure: the scenario objects plus everything the demo's controllers derive from them (ReplicaSets
 * and Pods with pod-template-hash, owner references, nodes, IPs, Ready status, sidecar injection
 * and ambient redirection; waypoint Deployments; statuses). No CRDs. Deterministic for a seed and `now`.
 */
export function materialize(objects: KubeObject[], opts: MaterializeOptions = {}): KubeObject[] {
  const store = new DemoStore(new IdGen(opts.seed ?? 42), () => opts.now ?? new Date());
  loadInto(store, objects, opts);
  const all = store.all();
  const rank = (k: KindKey) => {
    const i = FIRST.indexOf(k);
    return i < 0 ? FIRST.length : i;
  };
  return all
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => rank(a.kind) - rank(b.kind) || a.i - b.i)
    .map((e) => e.obj);
}

/**
 * The server's live model in process, without an API server: objects go through the cache's
 * reducer into the store the informers fill, then the background summary is timed — first full
 * computation, change → summary updated, how long the event loop is held meanwhile (what a
 * server-sent event or a request would wait), the migration view, and heap per cached pod.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ObjectStore } from '../lib/cluster/store';
import { descriptorFor } from '../lib/k8s/kinds';
import type { KubeObject } from '../lib/k8s/objects';
import { stripObject } from '../lib/k8s/strip';
import { reduceForCache } from '../lib/k8s/transform';
import { migrationNamespaceView } from '../lib/server/migration';
import { type SummaryUpdate, summaryView, watchSummary } from '../lib/server/summary';
import { generateObjects } from '../lib/testing/generate-cluster';
import { storeSource } from '../lib/testing/store-source';
import { type BenchContext, type BenchModule, load, ms, percentile, sizeLabel } from './report';

function storeOf(objects: KubeObject[]): ObjectStore {
  const store = new ObjectStore();
  const byKind = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const d = descriptorFor(o.apiVersion, o.kind);
    if (!d) continue;
    const list = byKind.get(d.key) ?? [];
    list.push(
      reduceForCache(d.key, stripObject({ ...o, metadata: { ...o.metadata, resourceVersion: '1' } })),
    );
    byKind.set(d.key, list);
  }
  for (const [key, list] of byKind) store.replace(key as Parameters<ObjectStore['replace']>[0], list);
  return store;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function run(ctx: BenchContext): Promise<void> {
  const size = sizeLabel(ctx.pods);
  const add = (step: string, value: string, note?: string) =>
    ctx.rows.push({
      module: 'model',
      size,
      step,
      value,
      note: [note, `load ${load()}`].filter(Boolean).join(', '),
    });
  const objects = generateObjects({ pods: ctx.pods, namespaces: ctx.namespaces, seed: 42, crds: false });
  const pods = objects.filter((o) => o.kind === 'Pod');
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const store = storeOf(objects);
  // A source whose every access review is allowed: what the migration page costs besides them.
  const source = storeSource(store, 'bench');

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const t0 = performance.now();
  const counted = await summaryView(source);
  add(
    'first summary, every namespace counted',
    ms(performance.now() - t0),
    `${counted.pods.total} pods, ${counted.namespaces.length} namespaces; findings pending in ${counted.findingsPending}`,
  );
  let first = counted;
  while (first.findingsPending > 0) {
    await new Promise<void>((resolve) => {
      const off = watchSummary(source, () => {
        off();
        resolve();
      });
    });
    first = await summaryView(source);
  }
  add('first summary, findings checked in every namespace', ms(performance.now() - t0));
  add(
    'event loop held, first computation p99 / max',
    `${ms(lag.percentile(99) / 1e6)} / ${ms(lag.max / 1e6)}`,
    'what an SSE message or request waits at worst',
  );
  gc();
  const heap = process.memoryUsage().heapUsed - heap0;
  add(
    'heap for cache + index + summary',
    `${Math.round(heap / 1024 / 1024)} MB`,
    `${(heap / 1024 / pods.length).toFixed(1)} KB per pod (V8 heap, not RSS)`,
  );

  lag.reset();
  const changes: number[] = [];
  const namespaces = first.namespaces.map((n) => n.name).filter((n) => n.startsWith('team-'));
  for (let i = 0; i < ctx.samples; i++) {
    const ns = namespaces[(i * 7919) % namespaces.length] ?? 'team-000';
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `bench-${i}`, namespace: ns, uid: `bench-${i}`, resourceVersion: '1' },
      spec: { containers: [{ name: 'app', image: 'example/bench:1.0' }] },
    };
    const t = performance.now();
    const updated = new Promise<SummaryUpdate>((resolve) => {
      const off = watchSummary(source, (u) => {
        if (!u.namespaces || u.namespaces.includes(ns)) {
          off();
          resolve(u);
        }
      });
    });
    store.event('pods', 'ADDED', pod);
    await updated;
    changes.push(performance.now() - t);
  }
  add(
    'change → summary updated p50 / p95',
    `${ms(percentile(changes, 50))} / ${ms(percentile(changes, 95))}`,
    `${ctx.samples} pod creations, one at a time (includes the 50 ms debounce)`,
  );
  add('event loop held during updates p99 / max', `${ms(lag.percentile(99) / 1e6)} / ${ms(lag.max / 1e6)}`);

  const plans: number[] = [];
  for (let i = 0; i < ctx.samples; i++) {
    const ns = namespaces[(i * 104729) % namespaces.length] ?? 'team-000';
    const t = performance.now();
    await migrationNamespaceView(source, ns, 'istio');
    plans.push(performance.now() - t);
  }
  add(
    'migration page of a namespace p50 / p95',
    `${ms(percentile(plans, 50))} / ${ms(percentile(plans, 95))}`,
    `${ctx.samples} random namespaces: the view /api/migration/NS returns, access reviews answered at once`,
  );
  lag.disable();
}

export const modelBench: BenchModule = {
  name: 'model',
  description: 'the live summary model in process (reducer → store → background summary)',
  run,
};

import { describe, expect, it, vi } from 'vitest';
import type { ClusterSource } from '../cluster/source';
import { ObjectStore } from '../cluster/store';
import { KINDS } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { summarizeCluster } from '../mesh/summary';
import { namespaceFindings } from '../migrate/preflight';
import { generateCluster } from '../testing/generate-cluster';
import { storeSource } from '../testing/store-source';
import {
  namespaceDetailView,
  namespaceVersion,
  type SummaryUpdate,
  summaryJson,
  summaryView,
  watchSummary,
} from './summary';

/** The store behind a real source; the summary reads only `snapshot` and `subscribe`. */
function generatedSource(): { store: ObjectStore; source: ClusterSource } {
  const store = new ObjectStore();
  const cluster = generateCluster({ pods: 400, namespaces: 8, seed: 5 });
  for (const k of KINDS) store.replace(k.key, cluster[k.key]);
  return { store, source: storeSource(store) };
}

/** What a full recompute from scratch says, in the shape of the view. */
function fromScratch(source: ClusterSource) {
  const resources = source.snapshot().resources;
  const summary = summarizeCluster(resources);
  return summary.namespaces.map((n) => {
    const f = namespaceFindings(resources, n.name);
    return {
      ...n,
      blockers: f.filter((x) => x.severity === 'blocker').length,
      warnings: f.filter((x) => x.severity === 'warning').length,
    };
  });
}

const nextUpdate = (source: ClusterSource) =>
  new Promise<SummaryUpdate>((resolve) => {
    const off = watchSummary(source, (u) => {
      off();
      resolve(u);
    });
  });

/** The summary once the first computation has checked every namespace. */
async function settled(source: ClusterSource) {
  for (;;) {
    const view = await summaryView(source);
    if (view.findingsPending === 0) return view;
    await nextUpdate(source);
  }
}

const counts = (rows: { name: string; pods: unknown; state: unknown }[]) =>
  rows.map((r) => ({ name: r.name, pods: r.pods, state: r.state }));

describe('live summary', () => {
  it('publishes every namespace counted before their findings are checked, then the findings', async () => {
    const { source } = generatedSource();
    const first = await summaryView(source);
    expect(counts(first.namespaces)).toEqual(counts(fromScratch(source)));
    expect(first.findingsPending).toBeGreaterThan(0);
    const pending = first.namespaces.find((n) => n.findingsPending);
    expect(pending?.blockers).toBe(0);
    // One namespace's page does not wait for the background: it checks that namespace itself.
    const detail = await namespaceDetailView(source, pending?.name ?? '');
    expect(detail?.findings).toEqual(namespaceFindings(source.snapshot().resources, pending?.name ?? ''));
    expect(detail?.namespace.findingsPending).toBeUndefined();
    const done = await settled(source);
    expect(done.namespaces).toEqual(fromScratch(source));
  });

  it('recomputes only the namespace a pod change touches, and agrees with a full recompute', async () => {
    const { store, source } = generatedSource();
    const first = await settled(source);
    expect(first.namespaces).toEqual(fromScratch(source));

    const ns = first.namespaces.find((n) => n.pods.sidecar > 0)?.name ?? '';
    const pod = source.snapshot().resources.pods.find((p) => p.metadata.namespace === ns) as KubeObject;
    const moved: KubeObject = {
      ...pod,
      metadata: {
        ...pod.metadata,
        resourceVersion: 'changed',
        annotations: { 'ambient.istio.io/redirection': 'enabled' },
      },
      spec: { containers: [{ name: 'app', image: 'example/app:1.0' }] },
    };
    const updated = nextUpdate(source);
    store.event('pods', 'MODIFIED', moved);
    expect(await updated).toMatchObject({ namespaces: [ns] });

    const after = await summaryView(source);
    expect(after.namespaces).toEqual(fromScratch(source));
    const before = first.namespaces.find((n) => n.name === ns);
    const now = after.namespaces.find((n) => n.name === ns);
    expect(now?.pods.sidecar).toBe((before?.pods.sidecar ?? 0) - 1);
    expect((await namespaceDetailView(source, ns))?.namespace).toEqual(now);
  });

  it("keeps a namespace's version while other namespaces change, and gives a new one when it changes", async () => {
    const { store, source } = generatedSource();
    const first = await settled(source);
    const [a, b] = first.namespaces.filter((n) => n.pods.total > 0).map((n) => n.name);
    if (!a || !b) throw new Error('the generated cluster needs two namespaces with pods');
    const versionA = await namespaceVersion(source, a);
    const versionB = await namespaceVersion(source, b);
    const pod = source.snapshot().resources.pods.find((p) => p.metadata.namespace === b) as KubeObject;
    const updated = nextUpdate(source);
    store.event('pods', 'MODIFIED', {
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: 'changed', labels: { churn: '1' } },
    });
    expect(await updated).toMatchObject({ namespaces: [b] });
    expect(await namespaceVersion(source, a)).toBe(versionA);
    expect(await namespaceVersion(source, b)).not.toBe(versionB);
  });

  it('recomputes everything after a change to a kind other namespaces read', async () => {
    const { store, source } = generatedSource();
    await settled(source);
    const updated = nextUpdate(source);
    store.replace('destinationrules', []);
    expect((await updated).namespaces).toBeUndefined();
    expect((await summaryView(source)).namespaces).toEqual(fromScratch(source));
  });

  it('answers the summary as JSON equal to the view, written once per published state', async () => {
    const { store, source } = generatedSource();
    await settled(source);
    const stringify = vi.spyOn(JSON, 'stringify');
    const first = await summaryJson(source);
    const again = await summaryJson(source);
    expect(JSON.parse(first)).toEqual(await summaryView(source));
    expect(again).toBe(first);
    const writesOfRows = () =>
      stringify.mock.calls.filter(([v]) => (v as { namespaces?: unknown })?.namespaces).length;
    expect(writesOfRows()).toBe(1);
    // A change publishes a new state: written anew, with the change in it.
    const ns = (await summaryView(source)).namespaces[0]?.name ?? '';
    const updated = nextUpdate(source);
    store.event('pods', 'ADDED', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'json-1', namespace: ns, uid: 'json-1' },
      spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
    });
    await updated;
    const after = JSON.parse(await summaryJson(source));
    expect(after).toEqual(await summaryView(source));
    expect(after.revision).toBeGreaterThan(JSON.parse(first).revision);
    expect(writesOfRows()).toBe(2);
    stringify.mockRestore();
  });
});

describe('live summary during the first lists', () => {
  /**
   * A store with every kind listed but pods, and the pods an API server would list (in namespace
   * order), read page by page into the store's first-list progress by `page`; `done` puts them in.
   */
  function listing(order: (pods: KubeObject[]) => KubeObject[] = (p) => p) {
    const store = new ObjectStore();
    const cluster = generateCluster({ pods: 400, namespaces: 8, seed: 5 });
    for (const k of KINDS) if (k.key !== 'pods') store.replace(k.key, cluster[k.key]);
    const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    const pods = order([...cluster.pods].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    const items: KubeObject[] = [];
    let resolve = () => {};
    const listed = new Promise<void>((r) => {
      resolve = r;
    });
    const source = storeSource(store);
    return {
      store,
      source,
      pods,
      listed,
      namespaces: [...new Set(pods.map((p) => p.metadata.namespace ?? ''))],
      page(upTo: number) {
        items.push(...pods.slice(items.length, upTo));
        store.listed('pods', items);
      },
      done(final: KubeObject[] = items) {
        store.replace('pods', final);
        resolve();
      },
    };
  }

  // Long enough for a counting pass to start (it waits for more pages) and finish.
  const aPass = () => new Promise((r) => setTimeout(r, 1500));

  /** Marks a pod ambient in place: a namespace counted again afterwards counts it so. */
  const markAmbient = (p: KubeObject) => {
    p.metadata.labels = { ...p.metadata.labels, 'istio.io/dataplane-mode': 'ambient' };
    p.metadata.annotations = { ...p.metadata.annotations, 'ambient.istio.io/redirection': 'enabled' };
    (p.spec as { containers: { name: string }[] }).containers = [{ name: 'app' }];
  };

  it('counts the namespaces a list has finished while it runs and keeps them when they are unchanged', async () => {
    const l = listing();
    watchSummary(l.source, undefined, l.listed);
    const first = l.namespaces[0] ?? '';
    const second = l.namespaces[1] ?? '';
    // Every pod of the first two namespaces and one of the third: the first two are finished.
    const upTo = l.pods.findIndex((p) => p.metadata.namespace === l.namespaces[2]) + 1;
    l.page(upTo);
    await aPass();
    // Changed in place, which a cache never does: a namespace counted again would show it.
    const pod = l.pods.find((p) => p.metadata.namespace === first) as KubeObject;
    markAmbient(pod);
    l.page(l.pods.length);
    l.done();
    const view = await summaryView(l.source);
    const row = (name: string) => view.namespaces.find((n) => n.name === name);
    const scratch = fromScratch(l.source);
    // The first namespace was counted before the change: its count was kept, not redone.
    expect(row(first)?.pods).not.toEqual(scratch.find((n) => n.name === first)?.pods);
    // Every namespace the list had not finished was counted at the end, as a full count does.
    for (const name of l.namespaces.slice(2))
      expect(row(name)?.pods).toEqual(scratch.find((n) => n.name === name)?.pods);
    expect(row(second)?.pods).toEqual(scratch.find((n) => n.name === second)?.pods);
    expect(view.pods.total).toBe(l.pods.length);
  });

  it('counts a namespace again when the list it ends with holds other objects than it was counted with', async () => {
    const l = listing();
    watchSummary(l.source, undefined, l.listed);
    const first = l.namespaces[0] ?? '';
    l.page(l.pods.findIndex((p) => p.metadata.namespace === l.namespaces[2]) + 1);
    await aPass();
    l.page(l.pods.length);
    // A relist: the same pods as new objects, one of them now ambient.
    const relisted = l.pods.map((p) => structuredClone(p));
    markAmbient(relisted.find((p) => p.metadata.namespace === first) as KubeObject);
    l.done(relisted);
    const view = await summaryView(l.source);
    expect(counts(view.namespaces)).toEqual(counts(fromScratch(l.source)));
    expect(view.namespaces.find((n) => n.name === first)?.pods.ambient).toBeGreaterThan(0);
  });

  it('counts nothing early from a list out of namespace order, and agrees with a full count', async () => {
    const l = listing((pods) => [...pods].reverse());
    watchSummary(l.source, undefined, l.listed);
    l.page(Math.floor(l.pods.length / 2));
    await aPass();
    // Namespaces listed first here come last in name order: any early count of them would keep this.
    markAmbient(l.pods[0] as KubeObject);
    l.page(l.pods.length);
    l.done();
    const view = await summaryView(l.source);
    expect(counts(view.namespaces)).toEqual(counts(fromScratch(l.source)));
  });

  it('computes nothing before the first lists are in', async () => {
    const l = listing();
    watchSummary(l.source, undefined, l.listed);
    l.page(l.pods.length);
    let answered = false;
    const view = summaryView(l.source).then((v) => {
      answered = true;
      return v;
    });
    await aPass();
    expect(answered).toBe(false);
    l.done();
    expect((await view).pods.total).toBe(l.pods.length);
  });

  it('answers once the lists are in, without waiting for a counting pass still to begin', async () => {
    vi.useFakeTimers();
    try {
      const l = listing();
      watchSummary(l.source, undefined, l.listed);
      // A page starts a pass's wait; the lists are in before it ends.
      l.page(l.pods.length);
      l.done();
      let answered = false;
      const view = summaryView(l.source).then((v) => {
        answered = true;
        return v;
      });
      await vi.advanceTimersByTimeAsync(100);
      expect(answered).toBe(true);
      expect((await view).pods.total).toBe(l.pods.length);
    } finally {
      vi.useRealTimers();
    }
  });
});

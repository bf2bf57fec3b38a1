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

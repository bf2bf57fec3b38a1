import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../cluster/store';
import { KINDS } from '../k8s/kinds';
import { type MigrationRecord, recordConfigMap, recordName } from '../migrate/records';
import { generateCluster } from '../testing/generate-cluster';
import { storeSource } from '../testing/store-source';
import { migrationNamespaceView } from './migration';
import { summaryView } from './summary';

const record = (ns: string, status: MigrationRecord['status']): MigrationRecord => ({
  id: `${ns}/${recordName('enable-ambient', 1)}`,
  namespace: ns,
  step: 'enable-ambient',
  seq: 1,
  who: 'alice',
  when: '2026-03-01T10:00:00.000Z',
  status,
  confirm: 'enable-ambient:1:abc',
  changes: [],
  prior: [],
});

describe('migrationNamespaceView', () => {
  it('shows a record written a moment ago, before the background model has recomputed', async () => {
    const store = new ObjectStore();
    const cluster = generateCluster({ pods: 200, namespaces: 4, seed: 3 });
    for (const k of KINDS) store.replace(k.key, cluster[k.key]);
    const source = storeSource(store);
    const ns = (await summaryView(source)).namespaces.map((n) => n.name).find((n) => n.startsWith('team-'));
    if (!ns) throw new Error('no team namespace generated');
    const before = await migrationNamespaceView(source, ns, 'istio');
    expect(before.records).toEqual([]);

    store.event('configmaps', 'ADDED', recordConfigMap(record(ns, 'applied')));
    // No turn of the event loop in between: the background model has not seen the change.
    const applied = await migrationNamespaceView(source, ns, 'istio');
    expect(applied.records.map((r) => r.status)).toEqual(['applied']);

    store.event('configmaps', 'MODIFIED', recordConfigMap(record(ns, 'rolled-back')));
    const rolledBack = await migrationNamespaceView(source, ns, 'istio');
    expect(rolledBack.records.map((r) => r.status)).toEqual(['rolled-back']);
  });
});

describe('the plans behind migration pages', () => {
  it('plans a namespace once while it is unchanged, and keeps only the most recently read plans', async () => {
    const store = new ObjectStore();
    const cluster = generateCluster({ pods: 900, namespaces: 300, seed: 5 });
    for (const k of KINDS) store.replace(k.key, cluster[k.key]);
    const source = storeSource(store);
    const names = (await summaryView(source)).namespaces
      .map((n) => n.name)
      .filter((n) => n.startsWith('team-'));
    expect(names.length).toBeGreaterThan(256);
    const [first, ...others] = names as [string, ...string[]];
    const a = await migrationNamespaceView(source, first, 'istio');
    const again = await migrationNamespaceView(source, first, 'istio');
    // The findings array is the plan's own: the same plan answered twice.
    expect(again.findings).toBe(a.findings);
    // Another gateway class is another plan.
    expect((await migrationNamespaceView(source, first, 'other')).findings).not.toBe(a.findings);
    for (const ns of others) await migrationNamespaceView(source, ns, 'istio');
    // Hundreds of namespaces opened since: the first one's plan was let go, and is made again.
    const later = await migrationNamespaceView(source, first, 'istio');
    expect(later.findings).not.toBe(a.findings);
    expect(later.findings).toEqual(a.findings);
  });
});

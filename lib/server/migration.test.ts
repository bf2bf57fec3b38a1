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

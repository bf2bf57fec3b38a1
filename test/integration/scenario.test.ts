import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/objects';
import type { KubeClusterSource } from '@/lib/k8s/source';
import {
  deleteNamespaces,
  demoScenarioObjects,
  describeRejections,
  ensureNamespaces,
  rejectedObjects,
  sourceFor,
} from './helpers';

// Dry runs only: other files may use the scenario's namespaces (bookinfo is the team user's).
describe('the demo scenario on a real API server', () => {
  let admin: KubeClusterSource;
  let objects: KubeObject[] = [];
  let created: string[] = [];

  beforeAll(async () => {
    admin = sourceFor('admin');
    objects = await demoScenarioObjects();
    const namespaces = objects.flatMap((o) =>
      o.kind === 'Namespace' ? [o.metadata.name] : o.metadata.namespace ? [o.metadata.namespace] : [],
    );
    // Namespaced dry runs need their namespace to exist; the Namespace objects themselves are dry-run below.
    created = await ensureNamespaces(admin, namespaces);
  });
  afterAll(async () => {
    await deleteNamespaces(admin, created);
  });

  it('materializes every kind the scenario is about', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of [
      'Namespace',
      'GatewayClass',
      'ServiceAccount',
      'Service',
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'ReplicaSet',
      'Pod',
      'VirtualService',
      'DestinationRule',
      'Gateway',
      'HTTPRoute',
      'AuthorizationPolicy',
      'PeerAuthentication',
      'RequestAuthentication',
      'WasmPlugin',
      'ServiceEntry',
      'EnvoyFilter',
      'Sidecar',
      'WorkloadEntry',
    ])
      expect(kinds, k).toContain(k);
    expect(objects.length).toBeGreaterThan(500);
  });

  it('accepts every object under strict server-side apply (dry run)', async () => {
    const rejected = await rejectedObjects(
      admin,
      objects.map((obj) => ({ obj, origin: 'scenarios/demo (materialized, seed 42)' })),
    );
    expect(
      rejected,
      `${rejected.length} of ${objects.length} refused:\n${describeRejections(rejected)}`,
    ).toEqual([]);
  });

  it('through the product write path too (KubeClusterSource.apply with dryRun) for each kind', async () => {
    const firstOfKind = [...new Map(objects.map((o) => [`${o.apiVersion} ${o.kind}`, o])).values()];
    const failures: string[] = [];
    for (const o of firstOfKind) {
      const out = await admin.apply(o, { dryRun: true }).catch((e: unknown) => {
        failures.push(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}: ${(e as Error).message}`);
        return undefined;
      });
      if (out) expect(out.metadata.name).toBe(o.metadata.name);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

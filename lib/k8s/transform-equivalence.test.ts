import { describe, expect, it } from 'vitest';
import type { ResourceSet } from '../cluster/snapshot';
import { createDemoCluster } from '../demo';
import { controlPlaneOf } from '../mesh/control-plane';
import { summarizeCluster } from '../mesh/summary';
import { clusterChecks, planNamespace, rolloutProgress, verifyStep } from '../migrate';
import { STEP_IDS } from '../migrate/types';
import { detectMeshCa } from '../platform/mesh-ca';
import { generateCluster } from '../testing/generate-cluster';
import { buildGraph } from '../topology/build';
import { fixtureCluster } from '../topology/cluster-fixture';
import type { KindKey } from './kinds';
import type { KubeObject } from './objects';
import { reduceForCache } from './transform';

/** The set as the cache holds it: every object through its kind's reducer. */
function reduced(resources: ResourceSet): ResourceSet {
  return Object.fromEntries(
    Object.entries(resources).map(([key, list]) => [
      key,
      (list as ResourceSet[KindKey]).map((o) => reduceForCache(key as KindKey, o)),
    ]),
  ) as ResourceSet;
}

/** What the product shows and plans from a set: summary, control plane, checks, graph, and every namespace's plan. */
function everything(resources: ResourceSet) {
  const summary = summarizeCluster(resources);
  return {
    summary,
    controlPlane: controlPlaneOf(resources),
    meshCa: detectMeshCa(resources),
    checks: clusterChecks(resources),
    graph: buildGraph(resources, summary, { level: 'workloads' }),
    namespaces: summary.namespaces.map(({ name }) => {
      const plan = planNamespace(resources, name, {
        restartedAt: '2026-03-01T10:00:00Z',
        now: new Date('2026-03-01T10:00:00Z'),
      });
      return {
        plan,
        verify: STEP_IDS.map((id) => verifyStep(resources, name, id, { plan })),
        rollout: rolloutProgress(resources, name),
      };
    }),
  };
}

/** Two more pods: one with SPIRE's agent socket mounted, one whose proxy asks an external signer. */
function withIdentityPods(resources: ResourceSet): ResourceSet {
  const [first, second] = resources.pods;
  if (!first || !second) throw new Error('the generated cluster has no pods');
  const spec = (p: KubeObject) => (p.spec ?? {}) as { containers?: Record<string, unknown>[] };
  const spire: KubeObject = {
    ...first,
    metadata: { ...first.metadata, name: `${first.metadata.name}-spire`, uid: 'spire-pod' },
    spec: {
      ...spec(first),
      volumes: [{ name: 'spire-agent-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } }],
    },
  };
  const signer: KubeObject = {
    ...second,
    metadata: { ...second.metadata, name: `${second.metadata.name}-signer`, uid: 'signer-pod' },
    spec: {
      ...spec(second),
      containers: (spec(second).containers ?? []).map((c) => ({
        ...c,
        env: [
          { name: 'ISTIO_META_CERT_SIGNER', value: 'istio-system/external' },
          { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
        ],
      })),
    },
  };
  return { ...resources, pods: [...resources.pods, spire, signer] };
}

// The reducers drop what the product does not read: on the same cluster, whole and reduced objects
// must give the same summary, graph and plans. A reducer that drops a field something reads fails here.
describe('objects reduced for the cache', () => {
  it('give the demo cluster the same summary, graph and plans as whole objects', async () => {
    const demo = createDemoCluster({ tickMs: 0 });
    await demo.start();
    try {
      const resources = demo.snapshot().resources;
      expect(resources.deployments.length).toBeGreaterThan(5);
      expect(everything(reduced(resources))).toEqual(everything(resources));
    } finally {
      await demo.stop();
    }
  });

  it('give the topology fixture and a generated cluster the same results as whole objects', () => {
    const generated = generateCluster({ pods: 400, namespaces: 12, seed: 9 });
    for (const resources of [fixtureCluster(), generated, withIdentityPods(generated)]) {
      expect(everything(reduced(resources))).toEqual(everything(resources));
    }
  });
});

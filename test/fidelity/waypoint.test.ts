import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { materialize } from '@/lib/demo';
import { defaultScenarioDir, readScenario } from '@/lib/demo/scenario';
import type { KubeObject } from '@/lib/k8s/objects';
import { WAYPOINT_CLASS } from '@/lib/mesh/labels';
import { waypointGateway } from '@/lib/migrate/plan-waypoint';
import { verifyStep } from '@/lib/migrate/verify';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import { runJudge } from './judge';
import { createdFacts, statusFacts, type WaypointResult } from './waypoint';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

// The demo scenario's waypoint Gateways, plus the one the migration plan creates (in bookinfo, which has none).
const { objects, problems } = await readScenario(defaultScenarioDir());
if (problems.length > 0)
  throw new Error(`demo scenario does not parse: ${problems.map((p) => p.message).join('; ')}`);
const planned = waypointGateway('bookinfo', 'waypoint');
const simulated = materialize([...objects, planned], { seed: 42 });
const waypoints = simulated.filter(
  (o) =>
    o.kind === 'Gateway' && (o.spec as { gatewayClassName?: string }).gatewayClassName === WAYPOINT_CLASS,
);
const refOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;

/**
 * What istiod is given: the namespaces, the GatewayClasses and the waypoint Gateways as written (no
 * status). Without `generation`: istiod's status worker writes only when the object's generation
 * matches the one it computed status for, and the judge's status store (test/istio/status.go)
 * hands it objects without one; no compared fact depends on it.
 */
const judgeYaml = [
  ...simulated.filter((o) => o.kind === 'Namespace' || o.kind === 'GatewayClass'),
  ...waypoints,
]
  .map((o) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: {
      name: o.metadata.name,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
      ...(o.metadata.labels ? { labels: o.metadata.labels } : {}),
    },
    ...(o.spec ? { spec: o.spec } : {}),
  }))
  .map((o) => stringify(o))
  .join('\n---\n');

let istiod: WaypointResult | undefined;

describe("the waypoint's Deployment, Service and status as istiod creates and writes them", () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-istio.mjs')], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('node scripts/build-istio.mjs failed');
    const [r] = await runJudge<WaypointResult>('waypoint', [
      { id: 'demo:waypoint', sides: [{ name: 'waypoints', yaml: judgeYaml, proxies: [] }] },
    ]);
    if (!r || r.error) throw new Error(`istio-judge waypoint: ${r?.error ?? 'no result'}`);
    istiod = r;
  }, 3_600_000);

  it('covers the demo scenario waypoint and the plan-created one', () => {
    expect(waypoints.map(refOf).sort()).toEqual(['Gateway/bookinfo/waypoint', 'Gateway/orders/waypoint']);
  });

  it.each(waypoints.map((gw) => [refOf(gw), gw] as const))(
    "istiod's deployment controller creates for %s what the demo's simulated controller creates",
    (_, gw) => {
      const fromIstiod = createdFacts(gw, istiod?.applied ?? []);
      for (const kind of ['ServiceAccount', 'Deployment', 'Service'])
        expect(fromIstiod, `istiod creates a ${kind}`).toContain(
          `${kind} ${gw.metadata.namespace}/${gw.metadata.name}`,
        );
      expect(fromIstiod).toContain(
        `Deployment ${gw.metadata.namespace}/${gw.metadata.name} pod label istio.io/dataplane-mode=none`,
      );
      const fromDemo = createdFacts(
        gw,
        simulated.filter((o) => ['ServiceAccount', 'Deployment', 'Service'].includes(o.kind)),
      );
      expect(fromDemo).toEqual(fromIstiod);
    },
  );

  it.each(waypoints.map((gw) => [refOf(gw), gw] as const))(
    'istiod programs %s once its Service has an address, and the demo writes the same status',
    (ref, gw) => {
      const fromIstiod = statusFacts(gw, istiod?.status[ref]);
      const s = `Gateway ${gw.metadata.namespace}/${gw.metadata.name}`;
      expect(fromIstiod.filter((f) => f.startsWith(`${s} Programmed=True (Programmed)`))).toHaveLength(1);
      expect(fromIstiod).toContain(`${s} Accepted=True (Accepted) Resource accepted`);
      expect(statusFacts(gw, gw.status)).toEqual(fromIstiod);
    },
  );

  it.each(waypoints.map((gw) => [refOf(gw), gw] as const))(
    'the verify step reads the Programmed condition istiod writes for %s',
    (ref, gw) => {
      const ns = gw.metadata.namespace ?? '';
      const rs = toResourceSet([{ ...gw, status: istiod?.status[ref] as KubeObject['status'] }]);
      const check = verifyStep(rs, ns, 'deploy-waypoint', { waypointName: gw.metadata.name }).checks.find(
        (c) => c.name === 'waypoint programmed',
      );
      expect(check?.ok, check?.detail).toBe(true);
      expect(check?.detail).toMatch(/^Programmed=True: Resource programmed, assigned to service\(s\) /);
    },
  );
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { materialize } from '@/lib/demo';
import type { KubeObject } from '@/lib/k8s/objects';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import { demoScenarioObjects } from '../integration/helpers';
import { buildCase } from './corpus';
import { runJudge } from './judge';
import { type ConditionFact, conditionFacts, STATUS_KINDS, type StatusResult } from './status';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const demo = await demoScenarioObjects();
const demoCase = buildCase('demo:status', 'demo', toResourceSet(demo), 1);
const converted = demoCase.conversion.resources.filter((o) => STATUS_KINDS.has(o.kind));
const refOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;

/**
 * Gateways whose listeners name a certificate Secret the demo does not hold: the demo models
 * certificates as cert-manager Certificates and holds no Secrets, so istiod (rightly) rejects
 * those listeners. They are left out of both comparisons; every other Gateway and route is judged.
 */
const secrets = new Set(demo.filter((o) => o.kind === 'Secret').map(refOf));
const withoutSecrets = new Set(
  converted
    .filter((o) => o.kind === 'Gateway')
    .filter((g) =>
      (
        (g.spec as { listeners?: { tls?: { certificateRefs?: { name: string; namespace?: string }[] } }[] })
          .listeners ?? []
      ).some((l) =>
        (l.tls?.certificateRefs ?? []).some(
          (c) => !secrets.has(`Secret/${c.namespace ?? g.metadata.namespace}/${c.name}`),
        ),
      ),
    )
    .map(refOf),
);
const judgedSubject = (c: ConditionFact) =>
  ![...withoutSecrets].some((g) => c.subject === g || c.subject.startsWith(`${g} `));

let istiod: ConditionFact[] = [];
let simulated: ConditionFact[] = [];

const show = (c: ConditionFact) => `${c.subject} ${c.type}=${c.status} (${c.reason})`;

describe("the converted demo's Gateway API status as istiod's Gateway API controller writes it", () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-istio.mjs')], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('node scripts/build-istio.mjs failed');
    const [r] = await runJudge<StatusResult>('status', [{ id: demoCase.id, sides: [demoCase.sides[1]] }]);
    if (!r || r.error) throw new Error(`istio-judge status: ${r?.error ?? 'no result'}`);
    istiod = conditionFacts(converted, (o) => r.status[refOf(o)]);
    // The demo's simulated controllers, run on the demo plus the converted objects.
    const all = [...demo, ...demoCase.conversion.resources];
    const after = new Map(materialize(all, { seed: 42 }).map((o) => [refOf(o), o]));
    simulated = conditionFacts(converted, (o) => after.get(refOf(o))?.status);
  }, 3_600_000);

  it('istiod accepts every converted Gateway and route, with every reference resolved', () => {
    expect(converted.length).toBeGreaterThan(0);
    const routes = converted.filter((o) => o.kind !== 'Gateway');
    for (const r of routes)
      expect(
        istiod.some((c) => c.subject.startsWith(`${refOf(r)} parent`)),
        `${refOf(r)} has status`,
      ).toBe(true);
    const bad = istiod.filter((c) => judgedSubject(c) && c.type !== 'Programmed' && c.status !== 'True');
    expect(bad.map(show)).toEqual([]);
  });

  // Programmed needs the Deployment and Service istiod's deployment controller creates, which this
  // run does not give istiod; waypoint.test.ts runs that controller and checks Programmed for waypoints.
  it("the demo's simulated controllers write the Accepted and ResolvedRefs conditions istiod writes", () => {
    const key = (c: ConditionFact) => `${c.subject} ${c.type}=${c.status}`;
    const judged = (c: ConditionFact) => judgedSubject(c) && c.type !== 'Programmed';
    expect(simulated.filter(judged).map(key).sort()).toEqual(istiod.filter(judged).map(key).sort());
  });
});

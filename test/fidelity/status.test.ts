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
 * Every certificate a converted Gateway's listener names is the Secret of a cert-manager Certificate
 * of the demo, which cert-manager issues in a cluster; the demo holds no Secrets, the judge is given
 * them (test/fidelity/secrets.ts): so every Gateway is judged, those with HTTPS listeners included.
 */
const certificates = new Set(
  demo
    .filter((o) => o.kind === 'Certificate')
    .map((o) => `Secret/${o.metadata.namespace}/${(o.spec as { secretName?: string }).secretName}`),
);
const certificateRefs = converted
  .filter((o) => o.kind === 'Gateway')
  .flatMap((g) =>
    (
      (g.spec as { listeners?: { tls?: { certificateRefs?: { name: string; namespace?: string }[] } }[] })
        .listeners ?? []
    ).flatMap((l) =>
      (l.tls?.certificateRefs ?? []).map((c) => `Secret/${c.namespace ?? g.metadata.namespace}/${c.name}`),
    ),
  );

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
    // Keyed by API version too: an Istio Gateway and its converted Gateway share kind and name.
    const after = new Map(materialize(all, { seed: 42 }).map((o) => [`${o.apiVersion} ${refOf(o)}`, o]));
    simulated = conditionFacts(converted, (o) => after.get(`${o.apiVersion} ${refOf(o)}`)?.status);
  }, 3_600_000);

  it("every listener certificate is a Secret cert-manager issues for the demo's Certificates", () => {
    expect(certificateRefs.length).toBeGreaterThan(0);
    for (const ref of certificateRefs) expect(certificates, ref).toContain(ref);
  });

  it('istiod accepts every converted Gateway and route, with every reference resolved', () => {
    expect(converted.length).toBeGreaterThan(0);
    const routes = converted.filter((o) => o.kind !== 'Gateway');
    for (const r of routes)
      expect(
        istiod.some((c) => c.subject.startsWith(`${refOf(r)} parent`)),
        `${refOf(r)} has status`,
      ).toBe(true);
    const bad = istiod.filter((c) => c.type !== 'Programmed' && c.status !== 'True');
    expect(bad.map(show)).toEqual([]);
  });

  // Programmed needs the Deployment and Service istiod's deployment controller creates, which this
  // run does not give istiod; waypoint.test.ts and status-ingress.test.ts run that controller and
  // check Programmed for waypoint and ingress Gateways.
  it("the demo's simulated controllers write the Accepted and ResolvedRefs conditions istiod writes", () => {
    const key = (c: ConditionFact) => `${c.subject} ${c.type}=${c.status}`;
    const judged = (c: ConditionFact) => c.type !== 'Programmed';
    expect(simulated.filter(judged).map(key).sort()).toEqual(istiod.filter(judged).map(key).sort());
  });
});

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readObjects } from '@/lib/files/read';
import type { KubeObject } from '@/lib/k8s/objects';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import { demoScenarioObjects } from '../integration/helpers';
import { type AmbientFact, type AmbientResult, ambientFacts, ambientSide } from './ambient';
import { runJudge } from './judge';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'ambient');

async function fixture(file: string): Promise<KubeObject[]> {
  const { objects, problems } = await readObjects([path.join(fixturesDir, file)]);
  if (problems.length) throw new Error(`${file}: ${problems.map((p) => p.message).join('; ')}`);
  return objects;
}

const inputs: { id: string; objects: KubeObject[] }[] = [
  { id: 'demo:scenario', objects: await demoScenarioObjects() },
  ...(await Promise.all(
    readdirSync(fixturesDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map(async (f) => ({ id: `ambient:${f.replace(/\.yaml$/, '')}`, objects: await fixture(f) })),
  )),
];
const facts = new Map<string, AmbientFact[]>();

describe("lib/mesh's data-plane view agrees with istiod's ambient index", () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-istio.mjs')], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('node scripts/build-istio.mjs failed');
    const results = await runJudge<AmbientResult>(
      'ambient',
      inputs.map((i) => ({ id: i.id, sides: [ambientSide(i.objects)] })),
    );
    for (const i of inputs) {
      const r = results.find((x) => x.case === i.id);
      if (!r || r.error) throw new Error(`${i.id}: ${r?.error ?? 'no result'}`);
      facts.set(i.id, ambientFacts(toResourceSet(i.objects), r.addresses));
    }
  }, 3_600_000);

  it.each(inputs.map((i) => i.id))('%s: pods, Services and waypoints as istiod sees them', (id) => {
    const f = facts.get(id) ?? [];
    expect(f.length, `${id}: nothing compared`).toBeGreaterThan(0);
    const disagreements = f.filter((x) => x.mesh !== x.istio && !x.blindSpot);
    expect(disagreements.map((d) => `${d.subject}: lib/mesh ${d.mesh}, istiod ${d.istio}`)).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import { crdsDir } from '../integration/apiserver';
import { demoScenarioObjects } from '../integration/helpers';
import { type CaseOutcome, checkCase } from './check';
import { buildCase, type FidelityCase } from './corpus';
import { runJudgeParallel } from './judge';
import { checkL4, type RoutesWithListeners, withL4 } from './l4-check';
import { fidelityReport } from './report';
import { corpusInputs } from './sources';
import { admitted } from './valid';
import { judgeWaypoints, type WaypointJudgement } from './waypoint-judge';

/** The istio.io/istio module version test/istio builds (see its go.mod). */
const ISTIO_VERSION = 'v0.0.0-20260827124520-eed52ebb66ad (1.31 development)';
/** How many random inputs (MM_FIDELITY_SEEDS overrides). */
const SEEDS = Number(process.env.MM_FIDELITY_SEEDS ?? 200);
/** Judge processes at once: one per core, two at most (istiod's translation is CPU-bound). */
const WORKERS = Math.min(2, availableParallelism());

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const raw = await corpusInputs({
  demo: toResourceSet(await demoScenarioObjects()),
  crdsDir,
  seeds: SEEDS,
});
let cases: FidelityCase[] = [];
const outcomes = new Map<string, CaseOutcome>();
/** The same inputs in ambient mode: the routes their waypoints receive. */
let waypoints: WaypointJudgement = { outcomes: [], virtualServiceRoutes: 0 };

function explain(o: CaseOutcome): string {
  if (o.error) return `judge error: ${o.error}`;
  return o.differences
    .filter((d) => !d.announcedBy)
    .map((d) => `${d.vhost} ${d.source} ${d.aspect}:\n  istio:     ${d.istio}\n  converted: ${d.gatewayApi}`)
    .join('\n');
}

describe('Istio judges the conversions: same Envoy routes, or a warning says why not', () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-istio.mjs')], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('node scripts/build-istio.mjs failed');
    const started = Date.now();
    // Both sides start from what Istio's admission webhook lets in.
    const { inputs, admissions } = await admitted(raw);
    cases = inputs.map((inp, i) => buildCase(inp.id, inp.group, inp.input, i + 1));
    const results = await runJudgeParallel<RoutesWithListeners>('routes', cases, WORKERS);
    console.log(
      `istio-fidelity: ${cases.length} cases judged in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    for (const c of cases) {
      const istio = results.find((r) => r.case === c.id && r.side === 'istio');
      const gw = results.find((r) => r.case === c.id && r.side === 'gateway-api');
      if (!istio || !gw) throw new Error(`no judgement for ${c.id}`);
      const routes = checkCase(c, istio, gw);
      outcomes.set(c.id, { ...withL4(routes, checkL4(c, istio, gw)), admission: admissions.get(c.id) });
    }
    waypoints = await judgeWaypoints(cases, WORKERS);
    writeFileSync(
      path.join(repoRoot, 'docs', 'fidelity.md'),
      fidelityReport([...outcomes.values(), ...waypoints.outcomes], ISTIO_VERSION),
    );
  }, 3_600_000);

  it('judges the whole corpus: fixtures, demo, bookinfo-style cases and the random set', () => {
    expect(cases.map((c) => c.id)).toEqual(raw.map((r) => r.id));
    const groups = new Set(cases.map((c) => c.group));
    expect([...groups].sort()).toEqual(['bookinfo-style', 'demo', 'fixtures', 'random']);
    expect(outcomes.size).toBe(cases.length);
    // Something (virtual hosts, TCP proxy chains) was compared in every case but the random ones whose objects Istio refuses.
    for (const o of outcomes.values())
      if (o.group !== 'random')
        expect(o.vhosts + (o.l4?.tcp ?? 0) + (o.l4?.tls ?? 0), o.id).toBeGreaterThan(0);
  });

  it('compares TCP and TLS routes: chains from tcp/tls rules reach the proxies', () => {
    const fromRules = [...outcomes.values()].reduce((n, o) => n + (o.l4?.fromRules ?? 0), 0);
    expect(fromRules).toBeGreaterThan(0);
    expect(outcomes.get('bookinfo-style:bookinfo-l4')?.l4?.fromRules).toBeGreaterThan(0);
  });

  it('judges the waypoints of the demo and the bookinfo-style ambient cases: announced or equivalent', () => {
    const ids = waypoints.outcomes.map((o) => o.id);
    expect(ids).toContain('waypoint:demo:scenario');
    expect(ids).toContain('waypoint:bookinfo-style:bookinfo-waypoint');
    for (const o of waypoints.outcomes) expect(o.vhosts, o.id).toBeGreaterThan(0);
    // istiod applied the VirtualServices to the waypoints (not only its default routes).
    expect(waypoints.virtualServiceRoutes).toBeGreaterThan(20);
    const unannounced = waypoints.outcomes.filter((o) => o.verdict === 'unannounced');
    expect(unannounced.map((o) => `${o.id}: ${explain(o)}`)).toEqual([]);
  });

  it.each(raw.map((c) => c.id))('%s: every difference Istio sees is announced at its field', (id) => {
    const o = outcomes.get(id);
    if (!o) throw new Error(`no outcome for ${id}`);
    expect(o.verdict, explain(o)).not.toBe('unannounced');
  });
});

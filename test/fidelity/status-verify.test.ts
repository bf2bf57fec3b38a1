import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '@/lib/k8s/objects';
import { routeStatusChecks } from '@/lib/migrate/verify-status';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import { demoScenarioObjects } from '../integration/helpers';
import { buildCase } from './corpus';
import { type JudgeSide, runJudge } from './judge';
import type { StatusResult } from './status';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const demoCase = buildCase('demo:verify', 'demo', toResourceSet(await demoScenarioObjects()), 1);
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute']);
const routes = demoCase.conversion.resources.filter((o) => ROUTE_KINDS.has(o.kind));
const refOf = (o: { kind: string; metadata: { namespace?: string; name: string } }) =>
  `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;

/** The first converted HTTPRoute with a Service backend, and that Service: removed in the second run. */
const broken = routes.find((r) => r.kind === 'HTTPRoute' && backendOf(r) !== undefined);
function backendOf(r: KubeObject): string | undefined {
  const rules = (
    r.spec as { rules?: { backendRefs?: { kind?: string; name: string; namespace?: string }[] }[] }
  ).rules;
  const b = rules?.flatMap((x) => x.backendRefs ?? []).find((x) => (x.kind ?? 'Service') === 'Service');
  return b ? `Service/${b.namespace ?? r.metadata.namespace}/${b.name}` : undefined;
}
const missing = broken ? backendOf(broken) : undefined;
const withoutBackend: JudgeSide = {
  ...demoCase.sides[1],
  name: 'without-backend',
  yaml: demoCase.sides[1].yaml
    .split('\n---\n')
    .filter((doc) => refOf(parse(doc) as KubeObject) !== missing)
    .join('\n---\n'),
};

/** The converted routes as a cluster holds them once istiod has written their status. */
const withStatus = (r: StatusResult) =>
  toResourceSet(routes.map((o) => ({ ...o, status: r.status[refOf(o)] as KubeObject['status'] })));
const namespaces = [...new Set(routes.map((o) => o.metadata.namespace ?? ''))].sort();

let istiod: StatusResult | undefined;
let istiodBroken: StatusResult | undefined;

describe('the verify step reads the route conditions istiod writes (Accepted and ResolvedRefs per parent)', () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-istio.mjs')], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('node scripts/build-istio.mjs failed');
    const results = await runJudge<StatusResult>('status', [
      { id: demoCase.id, sides: [demoCase.sides[1], withoutBackend] },
    ]);
    istiod = results.find((r) => r.side === demoCase.sides[1].name);
    istiodBroken = results.find((r) => r.side === withoutBackend.name);
    for (const r of [istiod, istiodBroken])
      if (!r || r.error) throw new Error(`istio-judge status: ${r?.error ?? 'no result'}`);
  }, 3_600_000);

  it('passes every namespace of the converted demo on the status istiod wrote', () => {
    expect(routes.length).toBeGreaterThan(0);
    if (!istiod) throw new Error('no judgement');
    const rs = withStatus(istiod);
    for (const ns of namespaces) {
      const checks = routeStatusChecks(rs, ns);
      expect(checks.map((c) => c.name)).toEqual(['routes accepted', 'route references resolved']);
      for (const c of checks) expect(c.ok, `${ns}: ${c.name}: ${c.detail}`).toBe(true);
    }
  });

  it("fails a route whose backend istiod cannot find, with istiod's reason, and accepts it still", () => {
    if (!istiodBroken || !broken || !missing) throw new Error(`no route with a Service backend (${missing})`);
    const ns = broken.metadata.namespace ?? '';
    const checks = routeStatusChecks(withStatus(istiodBroken), ns);
    const resolved = checks.find((c) => c.name === 'route references resolved');
    expect(resolved?.ok).toBe(false);
    expect(resolved?.detail).toContain(`${refOf(broken)} at `);
    expect(resolved?.detail).toContain('False (BackendNotFound)');
    // istiod still attaches the route (Accepted=True): only the verify step's second check fails.
    expect(checks.find((c) => c.name === 'routes accepted')?.ok).toBe(true);
  });
});

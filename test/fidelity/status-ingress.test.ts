import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { materialize } from '@/lib/demo';
import type { KubeObject } from '@/lib/k8s/objects';
import { GATEWAY_NAME_LABEL } from '@/lib/mesh/labels';
import { gatewayProgrammedChecks } from '@/lib/migrate/verify-status';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import { demoScenarioObjects } from '../integration/helpers';
import { buildCase } from './corpus';
import { runJudge } from './judge';
import { createdFacts, statusFacts, type WaypointResult } from './waypoint';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const demo = await demoScenarioObjects();
const demoCase = buildCase('demo:ingress', 'demo', toResourceSet(demo), 1);
const ingress = demoCase.conversion.resources.filter(
  (o) => o.kind === 'Gateway' && (o.spec as { gatewayClassName?: string }).gatewayClassName === 'istio',
);
const refOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;

/**
 * What istiod is given: the converted demo as the route judge lays it out (Services, pods, the TLS
 * Secrets cert-manager issues for the demo's Certificates, the converted Gateways and routes), less
 * the stand-ins that judge puts in place of each Gateway's Service and pod: here istiod's own
 * deployment controller creates them.
 */
const judgeYaml = demoCase.sides[1].yaml
  .split('\n---\n')
  .filter((doc) => {
    const o = parse(doc) as KubeObject;
    return !(['Service', 'Pod'].includes(o.kind) && o.metadata.labels?.[GATEWAY_NAME_LABEL]);
  })
  .join('\n---\n');

// The demo's simulated controllers, run on the demo plus the converted objects.
const simulated = materialize([...demo, ...demoCase.conversion.resources], { seed: 42 });
// The converted Gateway, not the Istio Gateway of the same name.
const simulatedGateway = (gw: KubeObject) =>
  simulated.find((o) => refOf(o) === refOf(gw) && o.apiVersion === gw.apiVersion);
/** The addresses the demo's MetalLB gave the Gateways' Services: the judge's provider gives the same. */
const loadBalancerIPs = Object.fromEntries(
  simulated.flatMap((o) => {
    const ip = (o.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer
      ?.ingress?.[0]?.ip;
    return o.kind === 'Service' && ip ? [[`${o.metadata.namespace}/${o.metadata.name}`, ip]] : [];
  }),
);

let istiod: WaypointResult | undefined;

describe("the ingress Gateways' Deployment, Service and status as istiod creates and writes them", () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-istio.mjs')], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('node scripts/build-istio.mjs failed');
    const [r] = await runJudge<WaypointResult>('waypoint', [
      { id: 'demo:ingress', sides: [{ name: 'ingress', yaml: judgeYaml, proxies: [], loadBalancerIPs }] },
    ]);
    if (!r || r.error) throw new Error(`istio-judge waypoint: ${r?.error ?? 'no result'}`);
    istiod = r;
  }, 3_600_000);

  it('covers every converted ingress Gateway of the demo, those with HTTPS listeners included', () => {
    expect(ingress.map(refOf).sort()).toEqual([
      'Gateway/bookinfo/bookinfo-gateway',
      'Gateway/storefront/storefront-gateway',
    ]);
  });

  it.each(ingress.map((gw) => [refOf(gw), gw] as const))(
    "istiod's deployment controller creates for %s what the demo's simulated controller creates",
    (_, gw) => {
      const fromIstiod = createdFacts(gw, istiod?.applied ?? []);
      const name = `${gw.metadata.namespace}/${gw.metadata.name}-istio`;
      for (const kind of ['ServiceAccount', 'Deployment', 'Service'])
        expect(fromIstiod, `istiod creates a ${kind}`).toContain(`${kind} ${name}`);
      expect(fromIstiod).toContain(`Service ${name} type LoadBalancer`);
      const fromDemo = createdFacts(
        gw,
        simulated.filter((o) => ['ServiceAccount', 'Deployment', 'Service'].includes(o.kind)),
      );
      expect(fromDemo.join('\n')).toEqual(fromIstiod.join('\n'));
    },
  );

  it.each(ingress.map((gw) => [refOf(gw), gw] as const))(
    'istiod programs %s once its Service has an external address, and the demo writes the same status',
    (ref, gw) => {
      const fromIstiod = statusFacts(gw, istiod?.status[ref]);
      const s = `Gateway ${gw.metadata.namespace}/${gw.metadata.name}`;
      // The demo's MetalLB pool has no address left for storefront's: istiod does not program it.
      const programmed = loadBalancerIPs[`${gw.metadata.namespace}/${gw.metadata.name}-istio`]
        ? `${s} Programmed=True (Programmed)`
        : `${s} Programmed=False (AddressNotAssigned)`;
      expect(fromIstiod.filter((f) => f.startsWith(programmed))).toHaveLength(1);
      expect(fromIstiod).toContain(`${s} Accepted=True (Accepted) Resource accepted`);
      expect(statusFacts(gw, simulatedGateway(gw)?.status).join('\n')).toEqual(fromIstiod.join('\n'));
    },
  );

  it("the verify step reads istiod's Programmed: the Gateway with an address passes, the pending one fails", () => {
    const rs = toResourceSet(
      ingress.map((gw) => ({ ...gw, status: istiod?.status[refOf(gw)] as KubeObject['status'] })),
    );
    const [bookinfo] = gatewayProgrammedChecks(rs, 'bookinfo');
    expect(bookinfo).toMatchObject({ name: 'gateways programmed', ok: true });
    const [storefront] = gatewayProgrammedChecks(rs, 'storefront');
    expect(storefront?.ok).toBe(false);
    expect(storefront?.detail).toContain(
      'Gateway/storefront/storefront-gateway: False (AddressNotAssigned): Assigned to service(s)',
    );
  });
});

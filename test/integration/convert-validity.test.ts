import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConvertInput, convertAll } from '@/lib/convert';
import { istioSchemasFromCrdYaml, randomConvertInput } from '@/lib/convert/testing/random-vs';
import { readObjects } from '@/lib/files/read';
import { kindByKey } from '@/lib/k8s/kinds';
import type { KubeObject } from '@/lib/k8s/objects';
import type { KubeClusterSource } from '@/lib/k8s/source';
import { toResourceSet } from '@/lib/testing/generate-cluster';
import { type ApiServer, crdsDir, startApiServer } from './apiserver';
import {
  deleteNamespaces,
  demoScenarioObjects,
  describeRejections,
  ensureNamespaces,
  type Rejection,
  rejectedObjects,
  sourceFor,
  strictDryRun,
} from './helpers';

type Channel = 'standard' | 'experimental';

/** Seeds of the randomised inputs (MM_CONVERT_SEEDS overrides how many). */
const SEEDS = Array.from({ length: Number(process.env.MM_CONVERT_SEEDS ?? 300) }, (_, i) => i + 1);

/** Odd seeds are converted for the experimental channel, even ones for standard. */
const channelOfSeed = (seed: number): Channel => (seed % 2 ? 'experimental' : 'standard');

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'convert');
const standardCrds = path.join(crdsDir, 'gateway-api-v1.6.1', 'standard');

interface Emitted {
  obj: KubeObject;
  origin: string;
}

/** Each top-level file or directory under the fixtures root is one converter input; `*.expected.*` are golden outputs. */
async function fixtureInputs(): Promise<{ name: string; objects: KubeObject[] }[]> {
  const out: { name: string; objects: KubeObject[] }[] = [];
  for (const entry of readdirSync(fixturesDir).sort()) {
    if (entry.includes('.expected.')) continue;
    const { objects, problems } = await readObjects([path.join(fixturesDir, entry)]);
    if (problems.length > 0)
      throw new Error(`fixture ${entry}: ${problems.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
    out.push({ name: `test/fixtures/convert/${entry}`, objects });
  }
  return out;
}

/** What `../shared/bench/gen-virtualservices.cjs N` makes (the conversion benchmark's input). */
async function generatedObjects(n: number): Promise<KubeObject[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-convert-gen-'));
  const file = path.join(dir, 'vs.yaml');
  try {
    execFileSync(process.execPath, [
      path.join(repoRoot, '..', 'shared', 'bench', 'gen-virtualservices.cjs'),
      String(n),
      file,
    ]);
    const { objects, problems } = await readObjects([file]);
    if (problems.length > 0) throw new Error(`generated input: ${problems.map((p) => p.message).join('; ')}`);
    return objects;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function converted(objects: KubeObject[] | ConvertInput, channel: Channel): KubeObject[] {
  const input = Array.isArray(objects) ? toResourceSet(objects) : objects;
  return convertAll(input, { channel }).resources;
}

function inNamespaces(emitted: readonly Emitted[]): string[] {
  return emitted.flatMap((e) => (e.obj.metadata.namespace ? [e.obj.metadata.namespace] : []));
}

describe('every object the converter emits is accepted by the API server (Gateway API v1.6.1 CRDs)', () => {
  // The shared server runs the experimental channel (a superset); standard output must also fit the standard CRDs alone.
  const experimental = sourceFor('admin');
  let standardServer: Promise<ApiServer>;
  let sharedCreated: string[] = [];

  beforeAll(() => {
    // Boots while the experimental-channel checks run on the shared server.
    standardServer = startApiServer({ skipCrds: ['gateway'], load: [standardCrds] });
    standardServer.catch(() => undefined);
  });
  afterAll(async () => {
    await deleteNamespaces(experimental, sharedCreated);
    await (await standardServer.catch(() => undefined))?.stop();
  }, 120_000);

  async function serverFor(channel: Channel): Promise<KubeClusterSource> {
    if (channel === 'experimental') return experimental;
    return sourceFor('admin', { kubeconfig: (await standardServer).kubeconfig });
  }

  async function check(channel: Channel, emitted: Emitted[]): Promise<Rejection[]> {
    const source = await serverFor(channel);
    const created = await ensureNamespaces(source, inNamespaces(emitted));
    if (channel === 'experimental') sharedCreated = [...sharedCreated, ...created];
    return rejectedObjects(source, emitted);
  }

  // Experimental first: the standard-channel server is still starting.
  const ORDER: Channel[] = ['experimental', 'standard'];

  describe.each(ORDER)('%s channel', (channel) => {
    it('the server runs that channel of the v1.6.1 bundle', async () => {
      const source = await serverFor(channel);
      if (channel === 'standard') expect((await standardServer).loadErrors).toBe(0);
      const crd = await source.get(
        kindByKey('customresourcedefinitions'),
        undefined,
        'httproutes.gateway.networking.k8s.io',
      );
      expect(crd?.metadata.annotations?.['gateway.networking.k8s.io/channel']).toBe(channel);
      expect(crd?.metadata.annotations?.['gateway.networking.k8s.io/bundle-version']).toBe('v1.6.1');
    }, 240_000);

    it('refuses what the schemas forbid, so an acceptance means something', async () => {
      const source = await serverFor(channel);
      await ensureNamespaces(source, ['default']);
      const route = (spec: Record<string, unknown>): KubeObject => ({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'canary', namespace: 'default' },
        spec,
      });
      const parentRefs = [{ group: '', kind: 'Service', name: 'web', port: 80 }];
      await expect(strictDryRun(source, route({ parentRefs }))).resolves.toMatchObject({ kind: 'HTTPRoute' });
      // OpenAPI: a field the schema does not declare.
      await expect(strictDryRun(source, route({ parentRefs, notAField: true }))).rejects.toThrow(/notAField/);
      // CEL (x-kubernetes-validations): a PathPrefix must be an absolute path.
      const relative = { rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'api' } }] }] };
      await expect(strictDryRun(source, route({ parentRefs, ...relative }))).rejects.toThrow(/absolute path/);
    });

    it('accepts the conversions of every fixture under test/fixtures/convert (the edge-* ones: subset names, ingress ports, delegates, merged VirtualServices...), of the demo scenario and of the benchmark generator', async () => {
      const inputs = [
        ...(await fixtureInputs()),
        { name: 'scenarios/demo (materialized)', objects: await demoScenarioObjects() },
        { name: 'bench generator (40 VirtualServices)', objects: await generatedObjects(40) },
      ];
      const emitted = inputs.flatMap(({ name, objects }) =>
        converted(objects, channel).map((obj) => ({ obj, origin: `${name} (${channel})` })),
      );
      // Every input, each fixture included, must produce something to check.
      expect(new Set(emitted.map((e) => e.origin))).toEqual(
        new Set(inputs.map((i) => `${i.name} (${channel})`)),
      );
      const rejected = await check(channel, emitted);
      expect(
        rejected,
        `${rejected.length} of ${emitted.length} refused:\n${describeRejections(rejected)}`,
      ).toEqual([]);
    }, 180_000);

    const seeds = SEEDS.filter((s) => channelOfSeed(s) === channel);
    it(`accepts the conversions of ${seeds.length} random inputs generated from the Istio CRD schemas (seeds ${seeds[0]}, ${seeds[1]}, … ${seeds.at(-1)})`, async () => {
      const schemas = istioSchemasFromCrdYaml(
        readFileSync(path.join(crdsDir, 'istio-1.30.3', 'crd-all.gen.yaml'), 'utf8'),
      );
      const emitted: Emitted[] = [];
      for (const seed of seeds)
        for (const obj of converted(randomConvertInput(seed, schemas), channel))
          emitted.push({ obj, origin: `seed ${seed} (${channel})` });
      const started = Date.now();
      const rejected = await check(channel, emitted);
      console.log(
        `convert-validity ${channel}: ${emitted.length} objects dry-run in ${Date.now() - started} ms`,
      );
      expect(emitted.length).toBeGreaterThan(seeds.length);
      expect(
        rejected,
        `${rejected.length} of ${emitted.length} refused:\n${describeRejections(rejected)}`,
      ).toEqual([]);
    }, 180_000);
  });
});

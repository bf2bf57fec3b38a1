import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConvertInput } from '@/lib/convert';
import { istioSchemasFromCrdYaml, randomConvertInput } from '@/lib/convert/testing/random-vs';
import { readObjects } from '@/lib/files/read';
import { toResourceSet } from '@/lib/testing/generate-cluster';

export interface CorpusInput {
  id: string;
  group: 'fixtures' | 'demo' | 'bookinfo-style' | 'random';
  input: ConvertInput;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

async function dirInputs(dir: string, group: CorpusInput['group']): Promise<CorpusInput[]> {
  const out: CorpusInput[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.includes('.expected.') || !/\.ya?ml$/.test(entry)) continue;
    const { objects, problems } = await readObjects([path.join(dir, entry)]);
    if (problems.length > 0) throw new Error(`${entry}: ${problems.map((p) => p.message).join('; ')}`);
    out.push({ id: `${group}:${entry.replace(/\.ya?ml$/, '')}`, group, input: toResourceSet(objects) });
  }
  return out;
}

/**
 * The corpus: the converter fixtures, the demo scenario (materialised, seed 42), the bookinfo-style
 * cases of test/fixtures/fidelity, and `seeds` random inputs from the Istio CRD schemas.
 */
export async function corpusInputs(opts: {
  demo: ConvertInput;
  crdsDir: string;
  seeds: number;
}): Promise<CorpusInput[]> {
  const schemas = istioSchemasFromCrdYaml(
    readFileSync(path.join(opts.crdsDir, 'istio-1.30.3', 'crd-all.gen.yaml'), 'utf8'),
  );
  return [
    ...(await dirInputs(path.join(repoRoot, 'test', 'fixtures', 'convert'), 'fixtures')),
    { id: 'demo:scenario', group: 'demo', input: opts.demo },
    ...(await dirInputs(path.join(repoRoot, 'test', 'fixtures', 'fidelity'), 'bookinfo-style')),
    ...Array.from({ length: opts.seeds }, (_, i) => ({
      id: `random:${i + 1}`,
      group: 'random' as const,
      input: randomConvertInput(i + 1, schemas),
    })),
  ];
}

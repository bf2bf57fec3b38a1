import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { convertAll, convertNamespace } from './convert';
import { buildLookup } from './lookup';
import { type IstioSchemas, istioSchemasFromCrdYaml, randomConvertInput } from './testing/random-vs';
import { validateOutput } from './testing/validate-output';
import type { ConvertInput } from './types';
import { convertVirtualService } from './virtual-service';
import { resolveFieldPath } from './warnings';

const crdsDir = process.env.MM_CRDS_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');
const schemas: IstioSchemas = istioSchemasFromCrdYaml(
  readFileSync(path.join(crdsDir, 'istio-1.30.3', 'crd-all.gen.yaml'), 'utf8'),
);

function sourceObjects(input: ConvertInput): Map<string, KubeObject> {
  const all = [
    ...(input.virtualservices ?? []),
    ...(input.istiogateways ?? []),
    ...(input.destinationrules ?? []),
  ];
  return new Map(all.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o]));
}

const SEEDS = Array.from({ length: 500 }, (_, i) => i + 1);

describe('convertAll on 500 random inputs derived from the Istio CRD schema', () => {
  it('never throws, is deterministic, writes valid objects, warnings and rule maps that point into their source', () => {
    const problems: string[] = [];
    let routes = 0;
    let warnings = 0;
    for (const seed of SEEDS) {
      const input = randomConvertInput(seed, schemas);
      const opts = { channel: seed % 2 ? ('experimental' as const) : ('standard' as const) };
      const result = convertAll(input, opts);
      const again = convertAll(structuredClone(input), opts);
      if (JSON.stringify(result) !== JSON.stringify(again)) problems.push(`seed ${seed}: not deterministic`);
      const sources = sourceObjects(input);
      for (const w of result.warnings) {
        const src = sources.get(w.resource);
        if (!src) problems.push(`seed ${seed}: warning on unknown resource ${w.resource}`);
        else if (resolveFieldPath(src, w.field) === undefined)
          problems.push(`seed ${seed}: ${w.resource} ${w.field} does not resolve (${w.code})`);
      }
      for (const r of result.resources)
        for (const p of validateOutput(r)) problems.push(`seed ${seed}: ${p}`);
      const refs = new Set(
        result.resources.map((r) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`),
      );
      for (const s of result.sources)
        for (const o of s.outputs)
          if (!refs.has(o)) problems.push(`seed ${seed}: ${s.source} lists missing ${o}`);
      const perNs = new Set<string>();
      for (const ns of new Set(
        (input.virtualservices ?? [])
          .concat(input.istiogateways ?? [])
          .map((o) => o.metadata.namespace ?? ''),
      )) {
        for (const r of convertNamespace(input, ns, opts).resources)
          perNs.add(`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`);
      }
      if ([...refs].sort().join() !== [...perNs].sort().join())
        problems.push(`seed ${seed}: convertAll differs from the union of convertNamespace`);
      const lookup = buildLookup(input, opts);
      for (const vs of input.virtualservices ?? []) {
        const c = convertVirtualService(vs, lookup);
        const own = new Set(c.resources.map((r) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`));
        for (const m of c.ruleMap) {
          if (resolveFieldPath(vs, m.field) === undefined)
            problems.push(`seed ${seed}: ruleMap field ${m.field} does not resolve`);
          for (const o of m.outputs)
            if (!own.has(o.resource)) problems.push(`seed ${seed}: ruleMap names missing ${o.resource}`);
        }
      }
      routes += result.resources.filter((r) => r.kind.endsWith('Route')).length;
      warnings += result.warnings.length;
    }
    expect(problems.slice(0, 30)).toEqual([]);
    // The generator must exercise the converter, not produce empty inputs.
    expect(routes).toBeGreaterThan(500);
    expect(warnings).toBeGreaterThan(1000);
  }, 120_000);
});

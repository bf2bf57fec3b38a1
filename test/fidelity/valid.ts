import { stringify } from 'yaml';
import type { ConvertInput } from '@/lib/convert';
import type { KubeObject } from '@/lib/k8s/objects';
import { runJudge } from './judge';
import type { CorpusInput } from './sources';

/** Which documents of a side Istio's validation refuses ("" when valid), in document order. */
interface ValidateResult {
  case: string;
  refused: string[];
}

/** What Istio's validation took out of one input before it was converted. */
export interface Admission {
  /** Objects refused as a whole, `Kind/ns/name`. */
  objects: string[];
  /** VirtualService rules refused on their own (`VirtualService/ns/name spec.http[3]`), the rest kept. */
  rules: string[];
}

type IstioKey = 'virtualservices' | 'istiogateways' | 'destinationrules' | 'serviceentries';
const ISTIO_KEYS: IstioKey[] = ['virtualservices', 'istiogateways', 'destinationrules', 'serviceentries'];
const RULE_LISTS = ['http', 'tcp', 'tls'] as const;

const refOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

async function refusedDocs(batches: readonly KubeObject[][]): Promise<string[][]> {
  const results = await runJudge<ValidateResult>(
    'validate',
    batches.map((objects, i) => ({
      id: String(i),
      sides: [{ name: 'input', yaml: objects.map((o) => stringify(o)).join('\n---\n'), proxies: [] }],
    })),
  );
  return batches.map((b, i) => {
    const r = results.find((x) => x.case === String(i));
    if (!r || r.refused.length !== b.length)
      throw new Error(`istio-judge validate: no answer for batch ${i}`);
    return r.refused;
  });
}

/** One VirtualService per rule (the others removed), to find the rules Istio refuses on their own. */
function perRule(vs: KubeObject): { list: string; index: number; object: KubeObject }[] {
  const spec = (vs.spec ?? {}) as Record<string, unknown>;
  const out: { list: string; index: number; object: KubeObject }[] = [];
  for (const list of RULE_LISTS) {
    const rules = spec[list];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, index) => {
      const only: Record<string, unknown> = { ...spec, [list]: [rule] };
      for (const other of RULE_LISTS) if (other !== list) delete only[other];
      out.push({ list, index, object: { ...vs, spec: only } });
    });
  }
  return out;
}

/**
 * The inputs as Istio's admission webhook would let them in: each Istio object is validated by
 * Istio's own code (`istio-judge validate`); a VirtualService it refuses keeps the rules Istio accepts
 * on their own (when the object with only those is accepted), every other refused object is left out.
 * Both sides of a comparison then start from the same objects.
 */
export async function admitted(
  inputs: readonly CorpusInput[],
): Promise<{ inputs: CorpusInput[]; admissions: Map<string, Admission> }> {
  const objectsOf = (input: ConvertInput) => ISTIO_KEYS.flatMap((k) => input[k] ?? []);
  const first = await refusedDocs(inputs.map((inp) => objectsOf(inp.input)));
  // Refused VirtualServices: try each rule on its own, then the VirtualService with the rules kept.
  const trimmed = inputs.map((inp, i) =>
    objectsOf(inp.input).map((o, j) => {
      if (!first[i]?.[j] || o.kind !== 'VirtualService') return undefined;
      return perRule(o);
    }),
  );
  const ruleBatches = trimmed.map((perObject) =>
    perObject.flatMap((rules) => (rules ?? []).map((r) => r.object)),
  );
  const ruleVerdicts = await refusedDocs(ruleBatches);
  const rebuilt: (KubeObject | undefined)[][] = [];
  const droppedRules: string[][] = [];
  trimmed.forEach((perObject, i) => {
    let k = 0;
    droppedRules[i] = [];
    rebuilt[i] = perObject.map((rules, j) => {
      if (!rules) return undefined;
      const vs = objectsOf(inputs[i]?.input ?? {})[j] as KubeObject;
      const spec = { ...(vs.spec ?? {}) } as Record<string, unknown>;
      const keep: Record<string, unknown[]> = {};
      for (const r of rules) {
        const ok = !ruleVerdicts[i]?.[k++];
        const list = (spec[r.list] as unknown[])[r.index];
        if (ok) keep[r.list] = [...(keep[r.list] ?? []), list];
        else droppedRules[i]?.push(`${refOf(vs)} spec.${r.list}[${r.index}]`);
      }
      for (const list of RULE_LISTS) if (list in spec) spec[list] = keep[list] ?? [];
      const kept = Object.values(keep).some((l) => l.length > 0);
      return kept ? { ...vs, spec } : undefined;
    });
  });
  const second = await refusedDocs(rebuilt.map((objs) => objs.filter((o): o is KubeObject => !!o)));
  const admissions = new Map<string, Admission>();
  const out = inputs.map((inp, i) => {
    const objects = objectsOf(inp.input);
    let m = 0;
    const replaced = new Map<KubeObject, KubeObject | undefined>();
    const refusedObjects: string[] = [];
    objects.forEach((o, j) => {
      if (!first[i]?.[j]) return;
      const r = rebuilt[i]?.[j];
      const accepted = r && !second[i]?.[m++];
      replaced.set(o, accepted ? r : undefined);
      if (!accepted) refusedObjects.push(refOf(o));
    });
    admissions.set(inp.id, {
      objects: refusedObjects,
      rules: (droppedRules[i] ?? []).filter((r) => !refusedObjects.some((o) => r.startsWith(`${o} `))),
    });
    const input: ConvertInput = { ...inp.input };
    for (const key of ISTIO_KEYS) {
      const list = inp.input[key];
      if (!list) continue;
      input[key] = list.flatMap((o) => {
        if (!replaced.has(o)) return [o];
        const r = replaced.get(o);
        return r ? [r] : [];
      });
    }
    return { ...inp, input };
  });
  return { inputs: out, admissions };
}

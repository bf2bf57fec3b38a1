import type { KubeObject } from '../k8s/objects';
import { planGateway } from './gateway';
import { mergeGrants } from './grants';
import { byNamespace } from './indexes';
import { buildLookup, type ConvertLookup } from './lookup';
import type {
  ConversionResult,
  ConversionWarning,
  ConvertInput,
  ConvertOptions,
  SourceOutputs,
} from './types';
import { convertVirtualService } from './virtual-service';
import { createReporter, dedupeWarnings } from './warnings';

/** What one Istio Gateway becomes. */
export interface GatewayConversion {
  /** `Gateway/namespace/name`. */
  source: string;
  resources: KubeObject[];
  warnings: ConversionWarning[];
}

/** Converts one Istio Gateway (listeners, https-redirect route, certificate grants). */
export function convertGateway(
  gw: KubeObject,
  input: ConvertInput | ConvertLookup,
  opts?: ConvertOptions,
): GatewayConversion {
  const lookup = buildLookup(input, opts);
  const namespace = gw.metadata.namespace || 'default';
  const plan = planGateway(`${namespace}/${gw.metadata.name}`, lookup);
  const source = `Gateway/${namespace}/${gw.metadata.name}`;
  if (!plan) return { source, resources: [], warnings: [] };
  return { source, resources: structuredClone(plan.resources), warnings: [...plan.warnings] };
}

const KIND_ORDER = ['Service', 'ReferenceGrant', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'];

function ref(o: KubeObject): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const ka = KIND_ORDER.indexOf(a.kind);
  const kb = KIND_ORDER.indexOf(b.kind);
  if (ka !== kb) return ka - kb;
  const ra = ref(a);
  const rb = ref(b);
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

interface Part {
  source: string;
  resources: KubeObject[];
  warnings: ConversionWarning[];
}

/** Merges per-source conversions: ReferenceGrants are united, other clashes reported, all sorted. */
export function mergeConversions(parts: Part[]): ConversionResult {
  const byRef = new Map<string, { obj: KubeObject; source: string }>();
  const warnings: ConversionWarning[] = [];
  const sources: SourceOutputs[] = [];
  for (const part of [...parts].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))) {
    warnings.push(...part.warnings);
    const outputs: string[] = [];
    for (const obj of part.resources) {
      const key = ref(obj);
      outputs.push(key);
      const prev = byRef.get(key);
      if (!prev) byRef.set(key, { obj, source: part.source });
      else if (obj.kind === 'ReferenceGrant')
        byRef.set(key, { obj: mergeGrants(prev.obj, obj), source: prev.source });
      else if (JSON.stringify(prev.obj.spec) !== JSON.stringify(obj.spec)) {
        createReporter(part.source, warnings).add(
          'error',
          'metadata.name',
          'output-conflict',
          `${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} is also generated from ${prev.source} with other content; only that one is kept`,
        );
      }
    }
    sources.push({ source: part.source, outputs: [...new Set(outputs)].sort() });
  }
  // Copies: generated objects share sub-objects (one filter list for split rules), callers may edit theirs.
  const resources = [...byRef.values()].map((v) => structuredClone(v.obj)).sort(compareObjects);
  const ordered = dedupeWarnings(warnings).sort((a, b) =>
    a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0,
  );
  return { resources, warnings: ordered, sources };
}

function partsFor(lookup: ConvertLookup, namespace: string | undefined): Part[] {
  const scope =
    namespace === undefined
      ? { gateways: [...lookup.gateways], virtualServices: lookup.virtualServices }
      : byNamespace(lookup, namespace);
  const parts: Part[] = [];
  for (const [key] of scope.gateways) {
    const plan = planGateway(key, lookup);
    if (plan) parts.push({ source: plan.source, resources: plan.resources, warnings: plan.warnings });
  }
  for (const vs of scope.virtualServices) {
    const c = convertVirtualService(vs.obj, lookup);
    parts.push({ source: c.source, resources: c.resources, warnings: c.warnings });
  }
  return parts;
}

/**
 * Converts the Istio Gateways and VirtualServices of `namespace`, reading the whole input for
 * what they refer to. Outputs may live in other namespaces (subset Services, ReferenceGrants).
 */
export function convertNamespace(
  input: ConvertInput | ConvertLookup,
  namespace: string,
  opts?: ConvertOptions,
): ConversionResult;
export function convertNamespace(
  input: ConvertInput | ConvertLookup,
  opts: ConvertOptions & { namespace: string },
): ConversionResult;
export function convertNamespace(
  input: ConvertInput | ConvertLookup,
  nsOrOpts: string | (ConvertOptions & { namespace: string }),
  opts?: ConvertOptions,
): ConversionResult {
  const namespace = typeof nsOrOpts === 'string' ? nsOrOpts : nsOrOpts.namespace;
  const options = typeof nsOrOpts === 'string' ? opts : nsOrOpts;
  return mergeConversions(partsFor(buildLookup(input, options), namespace));
}

/** Converts every Istio Gateway and VirtualService of the input. */
export function convertAll(input: ConvertInput | ConvertLookup, opts?: ConvertOptions): ConversionResult {
  return mergeConversions(partsFor(buildLookup(input, opts), undefined));
}

import type { KubeObject } from '../k8s/objects';
import { rec, str } from '../mesh/fields';
import { convertAll, convertNamespace, mergeConversions } from './convert';
import { convertIngresses, type IngressPart } from './ingress';
import { referenceSnippets, targetPolicies } from './targets';
import { gatewayRoutes, meshNeeds } from './targets/mesh-needs';
import { DEFAULT_CLASS, TARGET_LABEL, type Target } from './targets/types';
import { type ConversionResult, type ConvertInput, type ConvertOptions, resolveOptions } from './types';
import { createReporter } from './warnings';

/** Options of a conversion for one Gateway API implementation. */
export interface TargetOptions extends ConvertOptions {
  /** Implementation the Gateways run on (default `istio`); its default GatewayClass applies unless one is given. */
  target?: Target;
  /** Write NGINX Gateway Fabric SnippetsFilters for raw NGINX configuration (default false). */
  snippets?: boolean;
  /** Only this namespace's sources (outputs may still live elsewhere). */
  namespace?: string;
}

export interface TargetConversion extends ConversionResult {
  target: Target;
  /** Sources with at least one feature written as the target's own policy. */
  carriedByPolicy: string[];
}

const POLICY_KINDS = new Set([
  'BackendTLSPolicy',
  'BackendTrafficPolicy',
  'ClientTrafficPolicy',
  'SecurityPolicy',
  'ClientSettingsPolicy',
  'UpstreamSettingsPolicy',
  'ProxySettingsPolicy',
  'SnippetsFilter',
  'DestinationRule',
  'AuthorizationPolicy',
]);

function ref(o: KubeObject): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Splits a merged result back into per-source parts so that more parts can be merged in. */
function asParts(r: ConversionResult): IngressPart[] {
  const byRef = new Map(r.resources.map((o) => [ref(o), o]));
  // Warnings by the resource they concern, in their order: one pass, whatever the input's size.
  const warningsOf = new Map<string, ConversionResult['warnings']>();
  for (const w of r.warnings) {
    const list = warningsOf.get(w.resource);
    if (list) list.push(w);
    else warningsOf.set(w.resource, [w]);
  }
  const parts: IngressPart[] = r.sources.map((s) => ({
    source: s.source,
    resources: s.outputs.flatMap((o) => byRef.get(o) ?? []),
    warnings: warningsOf.get(s.source) ?? [],
  }));
  const known = new Set(r.sources.map((s) => s.source));
  for (const [res, warnings] of warningsOf)
    if (!known.has(res)) parts.push({ source: res, resources: [], warnings });
  return parts;
}

function drServices(input: ConvertInput): Set<string> {
  const out = new Set<string>();
  for (const dr of input.destinationrules ?? []) {
    const ns = dr.metadata.namespace ?? 'default';
    const host = str(rec(dr.spec)?.host) ?? '';
    const parts = host.split('.');
    out.add(parts.length === 1 ? `${ns}/${host}` : `${parts[1]}/${parts[0]}`);
  }
  return out;
}

/**
 * Converts Istio networking resources and Ingresses for one Gateway API implementation: standard
 * Gateway API where it suffices, the target's own policies where it has them, warnings otherwise.
 */
export function convertForTarget(input: ConvertInput, opts: TargetOptions = {}): TargetConversion {
  const target = opts.target ?? 'istio';
  const base: ConvertOptions = { ...opts, gatewayClassName: opts.gatewayClassName || DEFAULT_CLASS[target] };
  const resolved = resolveOptions(base);
  const istio =
    opts.namespace === undefined ? convertAll(input, base) : convertNamespace(input, opts.namespace, base);
  const ing = convertIngresses(input, {
    gatewayClassName: resolved.gatewayClassName,
    clusterDomain: resolved.clusterDomain,
    ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
  });
  const parts = [...asParts(istio), ...ing.parts];
  const first = mergeConversions(parts);
  const routes = gatewayRoutes(first.resources);
  const needs = [
    ...ing.needs,
    ...(target === 'istio'
      ? []
      : meshNeeds(input, routes, first.sources, opts.namespace, resolved.channel !== 'experimental')),
  ];
  const tp = targetPolicies(needs, target, {
    clusterDomain: resolved.clusterDomain,
    snippets: opts.snippets ?? false,
    destinationRuleServices: drServices(input),
  });
  const bySource = new Map(parts.map((p) => [p.source, p]));
  const partOf = (source: string): IngressPart => {
    let p = bySource.get(source);
    if (!p) {
      p = { source, resources: [], warnings: [] };
      bySource.set(source, p);
      parts.push(p);
    }
    return p;
  };
  for (const { obj, sources } of tp.policies) for (const s of sources) partOf(s).resources.push(obj);
  for (const w of tp.warnings) partOf(w.resource).warnings.push(w);
  const retried = new Set(
    tp.warnings.filter((w) => w.code === 'target-policy').map((w) => `${w.resource}\n${w.field}`),
  );
  for (const p of parts) {
    p.warnings = p.warnings.filter(
      (w) => !(w.code === 'retries-experimental' && retried.has(`${w.resource}\n${w.field}`)),
    );
    if (target === 'istio') continue;
    const mesh = p.resources.filter(
      (o) =>
        (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute' || o.kind === 'TCPRoute') &&
        JSON.stringify(rec(o.spec)?.parentRefs ?? []).includes('"kind":"Service"'),
    );
    if (mesh.length)
      createReporter(p.source, p.warnings).add(
        'error',
        'spec',
        'target-no-mesh',
        `${TARGET_LABEL[target]} does not implement mesh (east-west) routes: ${mesh.map((o) => o.metadata.name).join(', ')} ${mesh.length === 1 ? 'needs' : 'need'} Istio or another GAMMA implementation`,
      );
  }
  const merged = mergeConversions(parts);
  referenceSnippets(merged.resources, tp.snippetRefs);
  merged.resources.sort((a, b) => Number(POLICY_KINDS.has(a.kind)) - Number(POLICY_KINDS.has(b.kind)));
  return { ...merged, target, carriedByPolicy: [...tp.carried].sort() };
}

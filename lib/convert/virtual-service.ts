import type { KubeObject } from '../k8s/objects';
import { readVirtualService } from '../model/istio/read';
import type { VirtualServiceSpec } from '../model/istio/spec';
import { createContext } from './context';
import { checkCrossPrecedence } from './cross-precedence';
import { delegatingRoots, expandDelegates, type HttpRuleEntry } from './delegates';
import { grantsForRoute, mergeGrants } from './grants';
import { decideGrpc } from './grpc';
import { convertHttpRule } from './http-rules';
import { parsedVirtualService } from './indexes';
import { assembleTcpRoutes, assembleTlsRoutes } from './l4';
import { buildLookup, type ConvertLookup } from './lookup';
import { dnsSubdomain } from './names';
import { vsBinding } from './parents';
import { checkPrecedence } from './precedence';
import { assembleHttpRoutes, createNamer } from './routes';
import type { ConversionWarning, ConvertInput, ConvertOptions, RuleMapping } from './types';
import { dedupeWarnings, fieldPath, type Reporter, resolveFieldPath } from './warnings';

/** What one VirtualService becomes, with warnings and a map from its rules to the generated rules. */
export interface VirtualServiceConversion {
  /** `VirtualService/namespace/name`. */
  source: string;
  /** Routes, then the per-subset Services and ReferenceGrants they need. */
  resources: KubeObject[];
  warnings: ConversionWarning[];
  ruleMap: RuleMapping[];
}

function reportTopLevel(
  spec: VirtualServiceSpec,
  ctx: ReturnType<typeof createContext>,
  mesh: boolean,
): void {
  if (spec.exportTo !== undefined) {
    ctx.report.add(
      'info',
      fieldPath('spec', 'exportTo'),
      'export-to',
      'exportTo has no Gateway API form; route visibility follows the parentRefs (and ReferenceGrants)',
    );
  }
  if (mesh && (spec.http?.length || spec.tcp?.length || spec.tls?.length)) {
    ctx.report.add(
      'info',
      spec.gateways ? fieldPath('spec', 'gateways') : fieldPath('spec', 'hosts'),
      'waypoint-needed',
      'mesh routes (parentRef Service) only take effect in ambient mode when a waypoint serves the Service (label istio.io/use-waypoint)',
    );
  }
  if (!spec.http?.length && !spec.tcp?.length && !spec.tls?.length) {
    ctx.report.add(
      'warning',
      'spec',
      'no-rules',
      'the VirtualService has no http, tls or tcp rules; nothing to convert',
    );
  }
}

/**
 * Where findings about an inlined delegate rule go: to the delegate's field when it has it, else
 * (a part taken from the root's match) to the root rule, saying which delegate rule it concerns.
 */
function inlinedReporter(e: HttpRuleEntry, ctx: ReturnType<typeof createContext>): Reporter {
  const delegate = ctx.reporterFor(e.resource);
  const rootField = fieldPath(fieldPath('spec', 'http'), e.rootIndex);
  return {
    resource: e.resource,
    add(severity, field, code, message) {
      if (resolveFieldPath(e.delegate?.obj, field) !== undefined)
        delegate.add(severity, field, code, message);
      else ctx.report.add(severity, rootField, code, `${message} (rule inlined from ${e.resource} ${field})`);
    },
  };
}

function ruleName(
  name: string | undefined,
  path: string,
  ctx: ReturnType<typeof createContext>,
): string | undefined {
  if (name === undefined || name === '') return undefined;
  const clean = dnsSubdomain(name);
  if (clean !== name)
    ctx.report.add(
      'info',
      fieldPath(path, 'name'),
      'rule-name',
      `rule name ${name} written as ${clean} (rule names are DNS subdomains)`,
    );
  return clean;
}

/**
 * Converts one VirtualService against the Services, DestinationRules, ServiceEntries and Istio
 * Gateways of `input`. Pure and deterministic; never throws on malformed specs (it reports them).
 */
export function convertVirtualService(
  vs: KubeObject,
  input: ConvertInput | ConvertLookup,
  opts?: ConvertOptions,
): VirtualServiceConversion {
  const lookup = buildLookup(input, opts);
  const namespace = vs.metadata.namespace || 'default';
  const source = `VirtualService/${namespace}/${vs.metadata.name}`;
  const ctx = createContext(lookup, namespace, source);
  const spec = parsedVirtualService(lookup, vs)?.spec ?? readVirtualService(vs.spec);
  const binding = vsBinding(spec, namespace);
  const ruleMap: RuleMapping[] = [];
  const routes: KubeObject[] = [];
  if (!spec.hosts?.length) {
    const roots = delegatingRoots(lookup, namespace, vs.metadata.name);
    if (roots.length) {
      ctx.report.add(
        'info',
        'spec',
        'delegate-inlined',
        `a delegate: its rules are converted into the routes of ${roots.join(', ')} (where exported and within their matches)`,
      );
    } else {
      reportTopLevel(spec, ctx, binding.mesh);
      ctx.report.add(
        'error',
        'spec',
        'no-hosts',
        'a VirtualService without hosts is a delegate (or invalid), and no VirtualService of the input delegates to it; nothing converted',
      );
    }
    return { source, resources: [], warnings: dedupeWarnings(ctx.warnings), ruleMap };
  }
  reportTopLevel(spec, ctx, binding.mesh);
  const nextName = createNamer(vs.metadata.name, namespace, lookup);
  const irs = expandDelegates(spec, source, ctx).flatMap((e) => {
    const c = e.delegate ? { ...ctx, report: inlinedReporter(e, ctx) } : ctx;
    const path = fieldPath(fieldPath('spec', 'http'), e.index);
    const out = convertHttpRule(e.rule, e.index, c, ruleName(e.rule.name, path, c), e.matchPaths);
    if (e.resource !== source) {
      // Inlined rules belong to the root rule that delegated: map and rank them there.
      const root = fieldPath(fieldPath('spec', 'http'), e.rootIndex);
      for (const ir of out) {
        ir.source = root;
        for (const m of ir.matches) m.source = root;
      }
    }
    return out;
  });
  checkPrecedence(irs, binding, ctx);
  const parsed = parsedVirtualService(lookup, vs);
  if (parsed) checkCrossPrecedence(parsed, ctx);
  const grpc = decideGrpc(irs, binding, spec.hosts, ctx);
  for (const part of [
    assembleHttpRoutes(irs, binding, spec, grpc, ctx, nextName, source),
    assembleTlsRoutes(spec, binding, ctx, nextName, source),
    assembleTcpRoutes(spec, binding, ctx, nextName, source),
  ]) {
    routes.push(...part.routes);
    ruleMap.push(...part.ruleMap);
  }
  const grants = new Map<string, KubeObject>();
  for (const g of routes.flatMap(grantsForRoute)) {
    const key = `${g.metadata.namespace}/${g.metadata.name}`;
    const prev = grants.get(key);
    grants.set(key, prev ? mergeGrants(prev, g) : g);
  }
  return {
    source,
    resources: structuredClone([...routes, ...ctx.extras.values(), ...grants.values()]),
    warnings: dedupeWarnings(ctx.warnings),
    ruleMap,
  };
}

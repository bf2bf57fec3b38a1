import type { ResourceSet } from '../cluster/snapshot';
import {
  buildLookup,
  type ConversionWarning,
  type ConvertOptions,
  convertGateway,
  convertNamespace,
  convertVirtualService,
} from '../convert';
import { descriptorFor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { type ComparedObject, cleanForDiff, compareGenerated, toYaml } from './object-diff';
import { getPath, lineOfPath, parseFieldPath, relativeField } from './yaml-lines';

/** One Istio rule (`spec.http[1]`) with its warnings and the generated rules it became. */
export interface RouteRuleRow {
  field: string;
  yaml: string;
  warnings: ConversionWarning[];
  /** For each warning, the 0-based line of `yaml` it concerns. */
  warningLines: number[];
  /** Generated rules, each with its own YAML (`spec.rules[i]` of the generated route). */
  outputs: { resource: string; rule: string; yaml?: string }[];
}

/** One VirtualService or Istio Gateway beside what it becomes. */
export interface RouteSourceView {
  source: string;
  kind: 'VirtualService' | 'Gateway';
  name: string;
  yaml: string;
  rules: RouteRuleRow[];
  /** Warnings not tied to one rule. */
  warnings: ConversionWarning[];
  outputs: ComparedObject[];
}

export interface RoutesView {
  namespace: string;
  namespaces: string[];
  gatewayClass: string;
  gatewayClasses: string[];
  channel: 'standard' | 'experimental';
  sources: RouteSourceView[];
  counts: { new: number; changed: number; unchanged: number; errors: number; warnings: number };
}

const WELL_KNOWN_CLASSES = ['istio', 'eg', 'nginx'];

/** True when `field` is `prefix` or lies under it (`spec.http[1]` covers `spec.http[1].match[0]`). */
export function fieldUnder(field: string, prefix: string): boolean {
  return field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`);
}

function findLive(resources: ResourceSet, obj: KubeObject): KubeObject | undefined {
  const d = descriptorFor(obj.apiVersion, obj.kind);
  if (!d) return undefined;
  return resources[d.key].find(
    (o) => o.metadata.name === obj.metadata.name && o.metadata.namespace === obj.metadata.namespace,
  );
}

const refOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function ruleRows(
  spec: Record<string, unknown>,
  warnings: ConversionWarning[],
  ruleMap: { field: string; outputs: { resource: string; rule: string }[] }[],
  generated: readonly KubeObject[],
) {
  const rows: RouteRuleRow[] = [];
  const byRef = new Map(generated.map((o) => [refOf(o), o]));
  for (const section of ['http', 'tls', 'tcp'] as const) {
    const list = spec[section];
    if (!Array.isArray(list)) continue;
    list.forEach((rule, i) => {
      const field = `spec.${section}[${i}]`;
      const yaml = toYaml(rule);
      const mine = warnings.filter((w) => fieldUnder(w.field, field));
      const outputs = (ruleMap.find((m) => m.field === field)?.outputs ?? []).map((o) => {
        const generatedRule = getPath(byRef.get(o.resource), o.rule);
        return generatedRule === undefined ? o : { ...o, yaml: toYaml(generatedRule) };
      });
      rows.push({
        field,
        yaml,
        warnings: mine,
        warningLines: mine.map((w) => lineOfPath(yaml, parseFieldPath(relativeField(w.field, field) ?? ''))),
        outputs,
      });
    });
  }
  return rows;
}

/**
 * The Routes page of one namespace: each VirtualService and Istio Gateway beside the Gateway API
 * objects it becomes, warnings attached to the rule they concern, and each output compared with
 * the live object of the same name.
 */
export function routesView(
  resources: ResourceSet,
  namespace: string,
  opts: Required<Pick<ConvertOptions, 'gatewayClassName' | 'channel'>>,
): RoutesView {
  const lookup = buildLookup(resources, opts);
  const sources: RouteSourceView[] = [];
  for (const gw of resources.istiogateways.filter((g) => g.metadata.namespace === namespace)) {
    const c = convertGateway(gw, lookup, opts);
    sources.push({
      source: c.source,
      kind: 'Gateway',
      name: gw.metadata.name,
      yaml: toYaml(cleanForDiff(gw)),
      rules: [],
      warnings: c.warnings,
      outputs: c.resources.map((r) => compareGenerated(r, findLive(resources, r))),
    });
  }
  for (const vs of resources.virtualservices.filter((v) => v.metadata.namespace === namespace)) {
    const c = convertVirtualService(vs, lookup, opts);
    const rows = ruleRows((vs.spec ?? {}) as Record<string, unknown>, c.warnings, c.ruleMap, c.resources);
    sources.push({
      source: c.source,
      kind: 'VirtualService',
      name: vs.metadata.name,
      yaml: toYaml(cleanForDiff(vs)),
      rules: rows,
      warnings: c.warnings.filter((w) => !rows.some((r) => fieldUnder(w.field, r.field))),
      outputs: c.resources.map((r) => compareGenerated(r, findLive(resources, r))),
    });
  }
  sources.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'Gateway' ? -1 : 1));
  const outputs = sources.flatMap((s) => s.outputs);
  const warnings = sources.flatMap((s) => [...s.warnings, ...s.rules.flatMap((r) => r.warnings)]);
  // Installed classes plus the usual class names of common implementations (Istio, Envoy Gateway,
  // NGINX Gateway Fabric), so a target can be chosen before it is installed.
  const classes = new Set([
    opts.gatewayClassName,
    ...WELL_KNOWN_CLASSES,
    ...resources.gatewayclasses.map((g) => g.metadata.name),
  ]);
  classes.delete('istio-waypoint');
  return {
    namespace,
    namespaces: [
      ...new Set(
        [...resources.virtualservices, ...resources.istiogateways].map((o) => o.metadata.namespace ?? ''),
      ),
    ]
      .filter(Boolean)
      .sort(),
    gatewayClass: opts.gatewayClassName,
    gatewayClasses: [...classes].sort(),
    channel: opts.channel,
    sources,
    counts: {
      new: outputs.filter((o) => o.status === 'new').length,
      changed: outputs.filter((o) => o.status === 'changed').length,
      unchanged: outputs.filter((o) => o.status === 'unchanged').length,
      errors: warnings.filter((w) => w.severity === 'error').length,
      warnings: warnings.filter((w) => w.severity === 'warning').length,
    },
  };
}

/** The whole namespace's conversion as one multi-document YAML file, warnings as leading comments. */
export function routesBundle(resources: ResourceSet, namespace: string, opts: ConvertOptions): string {
  const r = convertNamespace(resources, namespace, opts);
  const header = [
    `# Gateway API resources converted from the Istio networking resources of namespace ${namespace}`,
    `# gatewayClassName: ${opts.gatewayClassName ?? 'istio'}, channel: ${opts.channel ?? 'standard'}`,
    ...r.warnings.map((w) => `# ${w.severity}: ${w.resource} ${w.field}: ${w.message}`),
  ].join('\n');
  return `${header}\n${r.resources.map((o) => `---\n${toYaml(cleanForDiff(o))}`).join('')}`;
}

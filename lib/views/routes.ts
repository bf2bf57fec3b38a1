import type { ResourceSet } from '../cluster/snapshot';
import {
  buildLookup,
  type ConversionWarning,
  type ConvertOptions,
  convertGateway,
  convertVirtualService,
} from '../convert';
import { convertForTarget } from '../convert/convert-target';
import { type PortabilityReport, portabilityReport } from '../convert/portability';
import { DEFAULT_CLASS, type Target } from '../convert/targets/types';
import { descriptorFor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { type ComparedObject, cleanForDiff, compareGenerated, toYaml } from './object-diff';
import { ingressSources, targetConversion, targetExtras } from './routes-target';
import { getPath, lineOfPath, parseFieldPath, relativeField } from './yaml-lines';

/** One Istio rule (`spec.http[1]`) with its warnings and the generated rules it became. */
export interface RouteRuleRow {
  field: string;
  yaml: string;
  warnings: ConversionWarning[];
  /** For each warning, the 0-based line of `yaml` it concerns (absent: the rule's first line). */
  warningLines?: number[];
  /** Generated rules, each with its own YAML (`spec.rules[i]` of the generated route). */
  outputs: { resource: string; rule: string; yaml?: string }[];
}

/** One VirtualService or Istio Gateway beside what it becomes. */
export interface RouteSourceView {
  source: string;
  kind: 'VirtualService' | 'Gateway' | 'Ingress' | 'DestinationRule' | 'RequestAuthentication';
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
  /** Implementation the conversion targets. */
  target: Target;
  /** Each source of the namespace, portable to each target as standard, with its policy, or not at all. */
  portability: PortabilityReport;
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
  opts: Required<Pick<ConvertOptions, 'gatewayClassName' | 'channel'>> & { target?: Target },
): RoutesView {
  const target = opts.target ?? 'istio';
  const lookup = buildLookup(resources, opts);
  const t = targetConversion(resources, namespace, {
    target,
    gatewayClassName: opts.gatewayClassName,
    channel: opts.channel,
  });
  const sources: RouteSourceView[] = [];
  for (const gw of resources.istiogateways.filter((g) => g.metadata.namespace === namespace)) {
    const c = convertGateway(gw, lookup, opts);
    sources.push({
      source: c.source,
      kind: 'Gateway',
      name: gw.metadata.name,
      yaml: toYaml(cleanForDiff(gw)),
      rules: [],
      warnings: [...c.warnings, ...targetExtras(resources, t, c.source).warnings],
      outputs: [
        ...c.resources.map((r) => compareGenerated(r, findLive(resources, r))),
        ...targetExtras(resources, t, c.source).outputs,
      ],
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
      warnings: [
        ...c.warnings.filter((w) => !rows.some((r) => fieldUnder(w.field, r.field))),
        ...targetExtras(resources, t, c.source).warnings,
      ],
      outputs: [
        ...c.resources.map((r) => compareGenerated(r, findLive(resources, r))),
        ...targetExtras(resources, t, c.source).outputs,
      ],
    });
  }
  sources.push(...ingressSources(resources, namespace, t));
  const KIND_RANK = ['Gateway', 'VirtualService', 'Ingress', 'DestinationRule', 'RequestAuthentication'];
  sources.sort((a, b) =>
    a.kind === b.kind ? a.name.localeCompare(b.name) : KIND_RANK.indexOf(a.kind) - KIND_RANK.indexOf(b.kind),
  );
  const outputs = sources.flatMap((s) => s.outputs);
  const warnings = sources.flatMap((s) => [...s.warnings, ...s.rules.flatMap((r) => r.warnings)]);
  // Installed classes plus the usual class names of common implementations (Istio, Envoy Gateway,
  // NGINX Gateway Fabric), so a target can be chosen before it is installed.
  const classes = new Set([
    opts.gatewayClassName,
    DEFAULT_CLASS[target],
    ...WELL_KNOWN_CLASSES,
    ...resources.gatewayclasses.map((g) => g.metadata.name),
  ]);
  classes.delete('istio-waypoint');
  return {
    namespace,
    namespaces: [
      ...new Set(
        [...resources.virtualservices, ...resources.istiogateways, ...resources.ingresses].map(
          (o) => o.metadata.namespace ?? '',
        ),
      ),
    ]
      .filter(Boolean)
      .sort(),
    gatewayClass: opts.gatewayClassName,
    gatewayClasses: [...classes].sort(),
    target,
    portability: portabilityReport(resources, { namespace, channel: opts.channel }),
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
export function routesBundle(
  resources: ResourceSet,
  namespace: string,
  opts: ConvertOptions & { target?: Target },
): string {
  const target = opts.target ?? 'istio';
  const r = convertForTarget(resources, { ...opts, target, namespace });
  const header = [
    `# Gateway API resources converted from the Istio networking resources and Ingresses of namespace ${namespace}`,
    `# target: ${target}, gatewayClassName: ${opts.gatewayClassName || DEFAULT_CLASS[target]}, channel: ${opts.channel ?? 'standard'}`,
    ...r.warnings.map((w) => `# ${w.severity}: ${w.resource} ${w.field}: ${w.message}`),
  ].join('\n');
  return `${header}\n${r.resources.map((o) => `---\n${toYaml(cleanForDiff(o))}`).join('')}`;
}

import type { ResourceSet } from '../cluster/snapshot';
import { convertForTarget, type TargetConversion } from '../convert/convert-target';
import { SOURCE_ANNOTATION } from '../convert/gateway-api';
import type { Target } from '../convert/targets/types';
import type { ConversionWarning } from '../convert/types';
import { descriptorFor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { cleanForDiff, compareGenerated, toYaml } from './object-diff';

const POLICY_SOURCE_KINDS = ['DestinationRule', 'RequestAuthentication'];

function live(resources: ResourceSet, obj: KubeObject): KubeObject | undefined {
  const d = descriptorFor(obj.apiVersion, obj.kind);
  if (!d) return undefined;
  return resources[d.key].find(
    (o) => o.metadata.name === obj.metadata.name && o.metadata.namespace === obj.metadata.namespace,
  );
}

function under(field: string, prefix: string): boolean {
  return field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`);
}

/** One namespace's conversion for a target: the Ingress sources and the target's extras for the others. */
export function targetConversion(
  resources: ResourceSet,
  namespace: string,
  opts: { target: Target; gatewayClassName: string; channel: 'standard' | 'experimental' },
): TargetConversion {
  return convertForTarget(resources, { namespace, ...opts });
}

/** Outputs of `source` that only the target conversion makes (policies), compared with the cluster. */
export function targetExtras(resources: ResourceSet, t: TargetConversion, source: string) {
  const outputs = t.resources
    .filter(
      (o) =>
        !['Gateway', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'ReferenceGrant', 'Service'].includes(
          o.kind,
        ),
    )
    .filter((o) => (o.metadata.annotations?.[SOURCE_ANNOTATION] ?? '').split(',').includes(source))
    .map((o) => compareGenerated(o, live(resources, o)));
  const warnings = t.warnings.filter((w) => w.resource === source && w.code.startsWith('target-'));
  return { outputs, warnings };
}

/** Row-by-row view of an Ingress: one row per `spec.rules[i]` (a host), warnings at the row they concern. */
export function ingressSources(resources: ResourceSet, namespace: string, t: TargetConversion) {
  const byRef = new Map(
    t.resources.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]),
  );
  const sources = [];
  for (const ing of resources.ingresses.filter((i) => (i.metadata.namespace ?? 'default') === namespace)) {
    const ref = `Ingress/${namespace}/${ing.metadata.name}`;
    const warnings: ConversionWarning[] = t.warnings.filter((w) => w.resource === ref);
    const outputs = (t.sources.find((s) => s.source === ref)?.outputs ?? []).flatMap(
      (o) => byRef.get(o) ?? [],
    );
    const rules = ((ing.spec as { rules?: { host?: string }[] } | undefined)?.rules ?? []).map((rule, i) => {
      const field = `spec.rules[${i}]`;
      const host = rule.host ?? '';
      return {
        field,
        yaml: toYaml(rule),
        warnings: warnings.filter((w) => under(w.field, field)),
        outputs: outputs
          .filter(
            (o) =>
              o.kind.endsWith('Route') &&
              ((o.spec as { hostnames?: string[] }).hostnames ?? ['']).includes(host),
          )
          .map((o) => ({ resource: `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, rule: '' })),
      };
    });
    sources.push({
      source: ref,
      kind: 'Ingress' as const,
      name: ing.metadata.name,
      yaml: toYaml(cleanForDiff(ing)),
      rules,
      warnings: warnings.filter((w) => !rules.some((r) => under(w.field, r.field))),
      outputs: outputs.map((o) => compareGenerated(o, live(resources, o))),
    });
  }
  // DestinationRules and RequestAuthentications that the target turns into its own policies.
  for (const s of t.sources) {
    const [kind, ns, name] = s.source.split('/');
    if (!kind || ns !== namespace || !name || !POLICY_SOURCE_KINDS.includes(kind)) continue;
    const extras = targetExtras(resources, t, s.source);
    if (!extras.outputs.length && !extras.warnings.length) continue;
    sources.push({
      source: s.source,
      kind: kind as 'DestinationRule' | 'RequestAuthentication',
      name,
      yaml: '',
      rules: [],
      ...extras,
    });
  }
  return sources;
}

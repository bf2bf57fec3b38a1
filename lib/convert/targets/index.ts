import type { KubeObject } from '../../k8s/objects';
import type { ConversionWarning } from '../types';
import { createReporter } from '../warnings';
import { PolicyBag } from './bag';
import { envoyPolicy } from './envoy';
import { istioPolicy } from './istio';
import { nginxPolicy } from './nginx';
import { type Need, TARGET_LABEL, type Target } from './types';

export interface TargetPolicies {
  /** Policies, each with the sources it carries features of. */
  policies: { obj: KubeObject; sources: string[] }[];
  warnings: ConversionWarning[];
  /** Sources (`Kind/ns/name`) with at least one feature carried by a target policy. */
  carried: Set<string>;
  /** Routes that must reference a SnippetsFilter. */
  snippetRefs: { namespace: string; route: string; filter: string }[];
}

/** Writes the needs as the target's own policies; what the target cannot carry is reported with the field. */
export function targetPolicies(
  needs: Need[],
  target: Target,
  opts: { clusterDomain: string; snippets: boolean; destinationRuleServices: Set<string> },
): TargetPolicies {
  const bag = new PolicyBag();
  const warnings: ConversionWarning[] = [];
  const carried = new Set<string>();
  const snippetRefs: { namespace: string; route: string; filter: string }[] = [];
  const seen = new Set<string>();
  for (const n of needs) {
    const r =
      target === 'envoy-gateway'
        ? envoyPolicy(n, bag)
        : target === 'nginx'
          ? nginxPolicy(n, bag, { snippets: opts.snippets })
          : istioPolicy(n, bag, opts.clusterDomain, opts.destinationRuleServices);
    const key = `${n.source}\n${n.field}\n${'kind' in r ? r.kind : r.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const report = createReporter(n.source, warnings);
    if ('kind' in r) {
      carried.add(n.source);
      report.add(
        'info',
        n.field,
        'target-policy',
        `${n.what}: carried by ${TARGET_LABEL[target]} ${r.kind} for ${n.attach.kind} ${n.attach.namespace}/${n.attach.name}`,
      );
      if (r.kind === 'SnippetsFilter')
        snippetRefs.push({
          namespace: n.attach.namespace,
          route: n.attach.name,
          filter: `${n.attach.name}-snippets`,
        });
    } else
      report.add(
        'error',
        n.field,
        'target-unsupported',
        `${n.what}: ${TARGET_LABEL[target]} cannot carry it (${r.reason}); not carried`,
      );
  }
  return { policies: bag.list(), warnings, carried, snippetRefs };
}

/** Adds an ExtensionRef to each SnippetsFilter on every rule of the route it was written for. */
export function referenceSnippets(
  resources: KubeObject[],
  refs: { namespace: string; route: string; filter: string }[],
): void {
  for (const ref of refs) {
    const route = resources.find(
      (r) =>
        r.kind === 'HTTPRoute' && r.metadata.namespace === ref.namespace && r.metadata.name === ref.route,
    );
    const rules = (route?.spec as { rules?: { filters?: unknown[] }[] } | undefined)?.rules ?? [];
    for (const rule of rules) {
      const filters = rule.filters ?? [];
      if (filters.some((f) => (f as { type?: string }).type === 'RequestRedirect')) continue;
      filters.push({
        type: 'ExtensionRef',
        extensionRef: { group: 'gateway.nginx.org', kind: 'SnippetsFilter', name: ref.filter },
      });
      rule.filters = filters;
    }
  }
}

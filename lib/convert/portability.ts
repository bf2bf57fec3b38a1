import { convertForTarget, type TargetOptions } from './convert-target';
import { TARGETS, type Target } from './targets/types';
import type { ConvertInput } from './types';

/** How a source carries over to one target. */
export type Portability = 'standard' | 'policy' | 'cannot';

export interface PortabilityCell {
  status: Portability;
  /** Fields not carried (status `cannot`) or carried by the target's policy (status `policy`). */
  fields: string[];
  /** Why the fields are not carried (status `cannot`): the converter's messages, once each. */
  reasons: string[];
}

export interface PortabilityRow {
  /** `Kind/namespace/name` of the source (VirtualService, Istio Gateway, Ingress, DestinationRule...). */
  source: string;
  namespace: string;
  targets: Record<Target, PortabilityCell>;
}

export interface PortabilityReport {
  rows: PortabilityRow[];
  /** Per target: how many sources are standard, need its policy, or cannot be carried. */
  totals: Record<Target, Record<Portability, number>>;
}

function nsOf(source: string): string {
  return source.split('/')[1] ?? '';
}

/**
 * Which sources are portable to each target as standard Gateway API, which need that target's
 * own policy, and which cannot be carried (with the fields). `namespace` limits it to one namespace.
 */
export function portabilityReport(
  input: ConvertInput,
  opts: Omit<TargetOptions, 'target' | 'gatewayClassName'> = {},
): PortabilityReport {
  const rows = new Map<string, PortabilityRow>();
  const empty = (): Record<Target, PortabilityCell> =>
    Object.fromEntries(
      TARGETS.map((t) => [t, { status: 'standard', fields: [], reasons: [] }]),
    ) as unknown as Record<Target, PortabilityCell>;
  for (const target of TARGETS) {
    const r = convertForTarget(input, { ...opts, target });
    const row = (source: string) => {
      let x = rows.get(source);
      if (!x) {
        x = { source, namespace: nsOf(source), targets: empty() };
        rows.set(source, x);
      }
      return x;
    };
    for (const s of r.sources) row(s.source);
    for (const w of r.warnings) {
      if (w.severity === 'error') {
        const cell = row(w.resource).targets[target];
        cell.status = 'cannot';
        cell.fields.push(w.field);
        cell.reasons.push(`${w.field}: ${w.message}`);
      }
    }
    for (const w of r.warnings.filter((x) => x.code === 'target-policy')) {
      const cell = row(w.resource).targets[target];
      if (cell.status === 'standard') cell.status = 'policy';
      if (cell.status === 'policy') cell.fields.push(w.field);
    }
  }
  const list = [...rows.values()]
    .filter((r) => opts.namespace === undefined || r.namespace === opts.namespace)
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  for (const r of list)
    for (const t of TARGETS) {
      r.targets[t].fields = [...new Set(r.targets[t].fields)];
      r.targets[t].reasons = [...new Set(r.targets[t].reasons)];
    }
  const totals = Object.fromEntries(TARGETS.map((t) => [t, { standard: 0, policy: 0, cannot: 0 }])) as Record<
    Target,
    Record<Portability, number>
  >;
  for (const r of list) for (const t of TARGETS) totals[t][r.targets[t].status]++;
  return { rows: list, totals };
}

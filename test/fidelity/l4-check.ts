import type { ConversionWarning } from '@/lib/convert/types';
import { type CaseOutcome, verdictOf } from './check';
import type { Difference } from './compare';
import type { FidelityCase } from './corpus';
import type { RoutesResult } from './judge';
import { type L4Chain, type NormalChain, normalizeChains, type RuleRef } from './l4';

/** What a case's TCP proxy filter chains (TCP and TLS routes) came to. */
export interface L4Summary {
  /** Chains compared (keys present on either side), by kind: `tls` matched by SNI, else `tcp`. */
  tcp: number;
  tls: number;
  /** Chains compared that come from a tcp/tls rule (or a Gateway server) on either side. */
  fromRules: number;
  /** tcp and tls rules of the input's VirtualServices. */
  tcpRules: number;
  tlsRules: number;
  differences: Difference[];
}

/** The route result with the judge's listeners (test/istio/listeners.go). */
export type RoutesWithListeners = RoutesResult & { listeners?: Record<string, L4Chain[]> };

const SEVERE = new Set(['warning', 'error']);

const show = (chains: readonly NormalChain[]) =>
  chains.length ? chains.map((ch) => `${ch.destinations} ${ch.other}`).join(' ; ') : '(none)';

const atRule = (rule: RuleRef) => (w: ConversionWarning) =>
  w.field === rule.field || w.field.startsWith(`${rule.field}.`);

/** Where a chain is (not) made at all: the VirtualService's hosts and gateways. */
const atReach = (w: ConversionWarning) =>
  w.field === 'spec' || w.field.startsWith('spec.hosts') || w.field.startsWith('spec.gateways');

/**
 * The warning (severity warning or error) that announces a difference of chains: at a rule either
 * side's chain comes from (the rule or a field of it); for a chain on one side only, also at the
 * VirtualService's hosts or gateways. A chain istiod makes for a Service on its own (no rule) is
 * announced by none.
 */
export function l4Announcement(
  rules: readonly RuleRef[],
  aspect: string,
  warnings: readonly ConversionWarning[],
): ConversionWarning | undefined {
  const severe = warnings.filter((w) => SEVERE.has(w.severity));
  for (const r of rules) {
    const w = severe.find((x) => x.resource === r.resource && atRule(r)(x));
    if (w) return w;
  }
  if (aspect !== 'l4 chain') return undefined;
  for (const r of rules) {
    const w = severe.find((x) => x.resource === r.resource && atReach(x));
    if (w) return w;
  }
  return undefined;
}

function aspectOf(a: readonly NormalChain[], b: readonly NormalChain[]): string {
  if (a.length === 0 || b.length === 0 || a.length !== b.length) return 'l4 chain';
  const d = (xs: readonly NormalChain[]) =>
    xs
      .map((x) => x.destinations)
      .sort()
      .join('\n');
  return d(a) !== d(b) ? 'l4 destinations' : 'l4 tcp_proxy';
}

const sameChains = (a: readonly NormalChain[], b: readonly NormalChain[]) => {
  const k = (xs: readonly NormalChain[]) =>
    xs
      .map((x) => `${x.destinations} ${x.other}`)
      .sort()
      .join('\n');
  return k(a) === k(b);
};

/** Compares the TCP proxy filter chains istiod pushes for the Istio objects and for their conversion. */
export function checkL4(c: FidelityCase, istio: RoutesWithListeners, gw: RoutesWithListeners): L4Summary {
  const a = normalizeChains(c, istio.listeners ?? {}, 'istio');
  const b = normalizeChains(c, gw.listeners ?? {}, 'gateway-api');
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const differences: Difference[] = [];
  let tcp = 0;
  let tls = 0;
  let fromRules = 0;
  for (const key of keys) {
    const x = a.get(key) ?? [];
    const y = b.get(key) ?? [];
    if ([...x, ...y].some((ch) => ch.rules.length > 0)) fromRules++;
    if ([...x, ...y].some((ch) => ch.kind === 'tls')) tls++;
    else tcp++;
    if (sameChains(x, y)) continue;
    const seen = new Set<string>();
    const rules = [...x, ...y]
      .flatMap((ch) => ch.rules)
      .filter((r) => {
        const id = `${r.resource} ${r.field}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    const aspect = aspectOf(x, y);
    differences.push({
      vhost: key,
      source: rules.length ? rules.map((r) => `${r.resource} ${r.field}`).join(', ') : 'istio-default',
      aspect,
      istio: show(x),
      gatewayApi: show(y),
      announcedBy: l4Announcement(rules, aspect, c.conversion.warnings),
    });
  }
  let tcpRules = 0;
  let tlsRules = 0;
  for (const vs of c.input.virtualservices ?? []) {
    const spec = (vs.spec ?? {}) as { tcp?: unknown; tls?: unknown };
    if (Array.isArray(spec.tcp)) tcpRules += spec.tcp.length;
    if (Array.isArray(spec.tls)) tlsRules += spec.tls.length;
  }
  return { tcp, tls, fromRules, tcpRules, tlsRules, differences };
}

/** A route outcome with the chain comparison added: its differences count toward the verdict. */
export function withL4(o: CaseOutcome, l4: L4Summary): CaseOutcome & { l4: L4Summary } {
  if (o.error) return { ...o, l4 };
  const differences = [...o.differences, ...l4.differences];
  return { ...o, differences, verdict: verdictOf(differences), l4 };
}

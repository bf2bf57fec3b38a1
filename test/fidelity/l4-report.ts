import type { CaseOutcome } from './check';

/** The TCP and TLS part of docs/fidelity.md: rules in, filter chains compared, per corpus. */
export function l4Section(outcomes: readonly CaseOutcome[]): string[] {
  const groups = [...new Set(outcomes.map((o) => o.group))];
  const row = (name: string, os: readonly CaseOutcome[]) => {
    const sum = (f: (o: CaseOutcome) => number) => os.reduce((n, o) => n + f(o), 0);
    const diffs = os.flatMap((o) => o.l4?.differences ?? []);
    return `| ${name} | ${sum((o) => o.l4?.tcpRules ?? 0)} | ${sum((o) => o.l4?.tlsRules ?? 0)} | ${sum(
      (o) => o.l4?.tcp ?? 0,
    )} | ${sum((o) => o.l4?.tls ?? 0)} | ${sum((o) => o.l4?.fromRules ?? 0)} | ${diffs.filter((d) => d.announcedBy).length} | ${
      diffs.filter((d) => !d.announcedBy).length
    } |`;
  };
  return [
    '## TCP and TLS routes',
    '',
    "The same runs return each proxy's listeners (LDS); every filter chain ending in a TCP proxy is",
    'compared, keyed by proxy, listener (a Service by its cluster IP, or the wildcard address; at the',
    'ingress the port clients connect to) and filter chain match (SNI server names, destination), with',
    'its destinations resolved to pods and weighted as shares. Chains of per-subset Services and',
    "istiod's passthrough and tunnel chains are left out. A differing chain is announced by a warning",
    'at the tcp/tls rule it comes from (named by the chain, else found by its SNI and destinations) or',
    "at the VirtualService's hosts or gateways (a chain no rule makes at the ingress: at the Gateway",
    'server on its port). Services without a cluster IP get one, as the API server would allocate',
    '(sidecars listen per cluster IP on TCP and TLS ports), and the Gateway API CRDs carry their',
    '`bundle-version` annotation: istiod ignores GRPCRoute, TLSRoute and TCPRoute CRDs without it.',
    '',
    '| corpus | tcp rules | tls rules | TCP chains | TLS (SNI) chains | of which from rules | differing, announced | unannounced |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...groups.map((g) =>
      row(
        g,
        outcomes.filter((o) => o.group === g),
      ),
    ),
    row('**all**', outcomes),
    '',
  ];
}

import type { CaseOutcome } from './check';

/** The section of docs/fidelity.md on waypoints (group `waypoint` of the outcomes). */
export function waypointSection(outcomes: readonly CaseOutcome[]): string[] {
  const ours = outcomes.filter((o) => o.group === 'waypoint');
  if (ours.length === 0) return [];
  const byCode = new Map<string, number>();
  for (const d of ours.flatMap((o) => o.differences)) {
    const key = `${d.aspect} | ${d.announcedBy ? `${d.announcedBy.severity} \`${d.announcedBy.code}\`` : '**unannounced**'}`;
    byCode.set(key, (byCode.get(key) ?? 0) + 1);
  }
  return [
    '## Waypoints (ambient L7)',
    '',
    'The `waypoint` row judges the same inputs in ambient mode (every input but the random ones, and the',
    'first random ones; `test/fidelity/waypoint-routes.ts`): each namespace whose Services a converted',
    "route attaches to uses the waypoint the migration plan picks (`chooseWaypoint`, else the plan's",
    '`waypointGateway`), labelled as the plan labels it, with the waypoint running (its Service, a ready',
    "pod, the Gateway's status addresses istiod's ambient index reads). istiod then builds, for a proxy of",
    'type waypoint, one route configuration per Service and port it serves, inline in its `main_internal`',
    "listener: from the VirtualServices of the Service's or the waypoint's namespace naming the Service",
    'on one side, from the routes whose parentRef is the Service on the other. They are compared per',
    `Service and port as the sidecar routes are. Virtual hosts compared: ${ours.reduce((n, o) => n + o.vhosts, 0)}.`,
    '',
    '| aspect | announced by | count |',
    '| --- | --- | ---: |',
    ...[...byCode.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `| ${k} | ${n} |`),
    '',
    'A waypoint drops a VirtualService match with `sourceLabels` (ambient has no source labels to',
    'match), where the converted route matches every client: announced by `source-labels`.',
    '',
  ];
}

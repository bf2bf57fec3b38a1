import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import type { ClusterSource } from '../../lib/cluster/source';
import { summarizeCluster } from '../../lib/mesh/summary';
import { waveNamespaces, waveRelations } from '../../lib/migrate/wave-inputs';
import { planWaves, type WavePlan } from '../../lib/migrate/waves';
import { costModel, projectedSaving } from '../../lib/platform/cost-model';
import { namespacesNeedingWaypoint } from '../../lib/platform/planned-waypoints';
import { fetchTelemetry, telemetrySource } from '../../lib/server/telemetry';
import { SOURCE_OPTIONS, sourceFromFlags } from '../connect';
import { type CliIO, outputFormat, PRINT_OPTIONS, UsageError } from '../io';

export const WAVES_USAGE = `Usage: mesh-migrator waves [--context C | --from-files PATH ... | --demo] [--max-per-wave N] [-o text|json|yaml]

Suggests the order in which to move the namespaces of the mesh, in waves, with the reasons:
callers before the namespaces they call, namespaces that share a waypoint or a cross-namespace
route (or call each other) in one wave, namespaces with blockers held back. Dependencies come from
the configuration, plus the traffic Prometheus sees when MESH_MIGRATOR_PROMETHEUS_URL is set.`;

function formatWaves(p: WavePlan): string {
  const lines: string[] = [];
  for (const w of p.waves) {
    lines.push(`Wave ${w.index}`);
    for (const e of w.namespaces) lines.push(`  ${e.namespace}`, ...e.reasons.map((r) => `      ${r}`));
  }
  if (!p.waves.length) lines.push('No namespace is ready to move.');
  if (p.blocked.length) {
    lines.push('', 'Held back');
    for (const b of p.blocked)
      lines.push(
        `  ${b.namespace}`,
        ...b.reasons.map((r) => `      ${r}`),
        ...b.blockers.map((x) => `      blocker: ${x}`),
      );
  }
  if (p.done.length) lines.push('', `Already in ambient: ${p.done.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** `mesh-migrator waves`: prints the suggested waves; 0 when printed. */
export async function runWaves(
  argv: string[],
  io: CliIO,
  makeSource: (flags: Parameters<typeof sourceFromFlags>[0]) => ClusterSource = sourceFromFlags,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SOURCE_OPTIONS,
      ...PRINT_OPTIONS,
      'max-per-wave': { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${WAVES_USAGE}\n`);
    return 0;
  }
  const output = outputFormat(values.output);
  const max = values['max-per-wave'] === undefined ? undefined : Number(values['max-per-wave']);
  if (max !== undefined && !(Number.isInteger(max) && max > 0))
    throw new UsageError('--max-per-wave must be a positive whole number');
  const source = makeSource(values);
  await source.start();
  try {
    const resources = source.snapshot().resources;
    const summary = summarizeCluster(resources);
    const cost = costModel(resources, { plannedWaypoints: namespacesNeedingWaypoint(resources) });
    const namespaces = waveNamespaces(resources, summary, (ns) => projectedSaving(cost, ns));
    const tel = await fetchTelemetry(telemetrySource(source));
    if (tel.error) io.stderr(`warning: ${tel.error}; dependencies from the configuration only\n`);
    const { edges, bonds } = waveRelations(resources, summary, tel.edges);
    const plan = planWaves(namespaces, edges, bonds, max ? { maxPerWave: max } : {});
    const report = { ...plan, namespaces, edges, bonds };
    if (output === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (output === 'yaml') io.stdout(stringify(report, { lineWidth: 0 }));
    else io.stdout(formatWaves(plan));
    return 0;
  } finally {
    await source.stop();
  }
}

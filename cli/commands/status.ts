import { parseArgs } from 'node:util';
import type { ClusterSource } from '../../lib/cluster/source';
import { formatProblem } from '../../lib/files/parse';
import { FilesClusterSource } from '../../lib/files/source';
import { KINDS } from '../../lib/k8s/kinds';
import { summarizeCluster } from '../../lib/mesh/summary';
import { costModel, type Figures, sumFigures } from '../../lib/platform/cost-model';
import { detectMeshCa, secretsUnreadable } from '../../lib/platform/mesh-ca';
import { namespacesNeedingWaypoint } from '../../lib/platform/planned-waypoints';
import { formatCpu, formatMemory } from '../../lib/platform/quantity';
import { proxyUsage } from '../../lib/server/platform';
import { prometheusWindow, telemetrySource } from '../../lib/server/telemetry';
import { SOURCE_OPTIONS, sourceFromFlags } from '../connect';
import { type CliIO, UsageError } from '../io';
import { formatTable } from '../table';

export const STATUS_USAGE = `Usage: mesh-migrator status [--context C | --from-files PATH ... | --demo] [-o json|table]

Prints which resource kinds were found, their counts and errors per kind, and per namespace what
the sidecars request against what ambient would need. With MESH_MIGRATOR_PROMETHEUS_URL set, the
JSON also carries the sidecars' measured usage (cpuUsageMillicores, memoryUsageBytes) over
MESH_MIGRATOR_PROMETHEUS_WINDOW (default 1m).`;

/** Requests and (when measured) usage, as `status -o json` prints them; usage to 0.1 m and whole bytes. */
function resourceFigures(f: Figures) {
  return {
    cpuRequestMillicores: f.cpuRequestMillicores,
    memoryRequestBytes: f.memoryRequestBytes,
    ...(f.cpuUsageMillicores !== undefined
      ? { cpuUsageMillicores: Math.round(f.cpuUsageMillicores * 10) / 10 }
      : {}),
    ...(f.memoryUsageBytes !== undefined ? { memoryUsageBytes: Math.round(f.memoryUsageBytes) } : {}),
  };
}

/**
 * The JSON `status -o json` prints. Measured usage comes from the Prometheus of
 * `MESH_MIGRATOR_PROMETHEUS_URL` (else the demo's simulated one); `usage` says where from.
 */
export async function statusReport(source: ClusterSource, env: NodeJS.ProcessEnv = process.env) {
  const snap = source.snapshot();
  const files = source instanceof FilesClusterSource ? source : undefined;
  const summary = summarizeCluster(snap.resources);
  const measured = await proxyUsage(telemetrySource(source, env), prometheusWindow(env));
  const cost = costModel(snap.resources, {
    plannedWaypoints: namespacesNeedingWaypoint(snap.resources),
    ...(measured.usage ? { usage: measured.usage } : {}),
  });
  const costOf = new Map(cost.namespaces.map((n) => [n.namespace, n]));
  const services = new Map(summary.services.map((s) => [s.id, s]));
  const ref = (w: { namespace: string; name: string } | null | undefined) =>
    w ? `${w.namespace}/${w.name}` : null;
  return {
    source: source.info(),
    kinds: KINDS.map((k) => ({
      kind: k.kind,
      group: k.group,
      resource: k.plural,
      state: snap.kinds[k.key].state,
      count: snap.kinds[k.key].count,
      ...(snap.kinds[k.key].message ? { message: snap.kinds[k.key].message } : {}),
    })),
    namespaces: summary.namespaces.map((n) => ({
      name: n.name,
      state: n.state,
      pods: {
        sidecar: n.pods.sidecar,
        ambient: n.pods.ambient,
        ambientPending: n.pods.ambientPending,
        none: n.pods.none,
      },
      waypoint: n.waypoint ? `${n.waypoint.namespace}/${n.waypoint.name}` : null,
      resources: {
        sidecar: resourceFigures(
          costOf.get(n.name)?.sidecar ?? { cpuRequestMillicores: 0, memoryRequestBytes: 0 },
        ),
        ambientProjected: resourceFigures(
          costOf.get(n.name)?.ambientProjected ?? { cpuRequestMillicores: 0, memoryRequestBytes: 0 },
        ),
      },
    })),
    resources: {
      sidecar: resourceFigures(sumFigures(cost.namespaces.map((n) => n.sidecar))),
      ambientProjected: resourceFigures(cost.scenarios.afterAll),
      ztunnel: { nodes: cost.ztunnel.nodes, perNode: resourceFigures(cost.ztunnel.perNode) },
      beforeMove: resourceFigures(cost.scenarios.beforeMove),
      now: resourceFigures(cost.scenarios.now),
      usage: measured.status,
    },
    workloads: summary.workloads.map((w) => ({
      namespace: w.namespace,
      kind: w.kind,
      name: w.name,
      dataplane: w.dataplane,
      // Workload-addressed traffic; Service traffic is under `services`.
      waypoint: ref(w.waypoint),
      services: w.services.map((id) => {
        const s = services.get(id);
        return { name: s ? `${s.namespace}/${s.name}` : id, waypoint: ref(s?.waypoint) };
      }),
      reason: w.reason,
    })),
    // Whether cacerts exists is unknown where Secrets could not be listed: say so.
    controlPlane: {
      ...summary.controlPlane,
      meshCa: detectMeshCa(snap.resources, secretsUnreadable(snap.kinds.casecrets)),
    },
    problems: files?.problems ?? [],
    unknownKinds: files?.unknown ?? [],
  };
}

/** `demo`, `kube my-context (https://…)`, `files dump.yaml`: the kind, then its name when that says more. */
export function sourceLine(info: { source: string; name: string; server?: string }): string {
  const name = info.name && info.name !== info.source ? ` ${info.name}` : '';
  return `${info.source}${name}${info.server ? ` (${info.server})` : ''}`;
}

function requestsText(f: { cpuRequestMillicores: number; memoryRequestBytes: number }): string {
  return f.cpuRequestMillicores === 0 && f.memoryRequestBytes === 0
    ? '-'
    : `${formatCpu(f.cpuRequestMillicores)}/${formatMemory(f.memoryRequestBytes)}`;
}

export async function runStatus(argv: string[], io: CliIO, makeSource = sourceFromFlags): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SOURCE_OPTIONS,
      output: { type: 'string', short: 'o', default: 'table' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${STATUS_USAGE}\n`);
    return 0;
  }
  if (values.output !== 'json' && values.output !== 'table')
    throw new UsageError(`-o must be json or table, not "${values.output}"`);
  const source = makeSource(values);
  await source.start();
  try {
    const report = await statusReport(source);
    // Nothing could be read: the errors, not an empty cluster's tables.
    const nothingRead = report.problems.length > 0 && report.kinds.every((k) => k.count === 0);
    if (values.output === 'json') {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else if (nothingRead) {
      for (const p of report.problems) io.stderr(`error: ${formatProblem(p)}\n`);
    } else {
      io.stdout(`Source: ${sourceLine(report.source)}\n\n`);
      io.stdout(
        formatTable(
          ['KIND', 'GROUP', 'STATE', 'COUNT', 'MESSAGE'],
          report.kinds.map((k) => [k.kind, k.group || 'core', k.state, String(k.count), k.message ?? '']),
        ),
      );
      io.stdout('\n');
      io.stdout(
        formatTable(
          [
            'NAMESPACE',
            'STATE',
            'SIDECAR',
            'AMBIENT',
            'PENDING',
            'NONE',
            'WAYPOINT',
            'SIDECAR REQUESTS',
            'AMBIENT NEEDS',
          ],
          report.namespaces.map((n) => [
            n.name,
            n.state,
            String(n.pods.sidecar),
            String(n.pods.ambient),
            String(n.pods.ambientPending),
            String(n.pods.none),
            n.waypoint ?? '-',
            requestsText(n.resources.sidecar),
            requestsText(n.resources.ambientProjected),
          ]),
        ),
      );
      io.stdout('\n');
      io.stdout(
        formatTable(
          ['NAMESPACE', 'WORKLOAD', 'DATAPLANE', 'WAYPOINT', 'SERVICE WAYPOINTS', 'REASON'],
          report.workloads.map((w) => [
            w.namespace,
            `${w.kind}/${w.name}`,
            w.dataplane,
            w.waypoint ?? '-',
            w.services.map((s) => `${s.name}→${s.waypoint ?? '-'}`).join(', ') || '-',
            w.reason,
          ]),
        ),
      );
      if (report.resources.usage.error)
        io.stderr(`warning: no measured usage: ${report.resources.usage.error}\n`);
      for (const p of report.problems) io.stderr(`error: ${formatProblem(p)}\n`);
      for (const u of report.unknownKinds)
        io.stderr(`warning: ${u.ref} (${u.apiVersion}): kind not read by mesh-migrator, ignored\n`);
    }
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await source.stop();
  }
}

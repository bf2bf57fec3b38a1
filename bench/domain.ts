/**
 * Benchmark of the pure domain pipeline on synthetic clusters: generate → summarizeCluster →
 * buildGraph (default collapse and fully expanded) → layoutGraph, plus telemetry parsing.
 * The median of a few runs per step.
 */
import { summarizeCluster } from '../lib/mesh/summary';
import type { ClusterSummary } from '../lib/mesh/views';
import { namespaceFindings } from '../lib/migrate/preflight';
import { generateCluster } from '../lib/testing/generate-cluster';
import { buildGraph } from '../lib/topology/build';
import { ELK_NODE_LIMIT, layoutGraph } from '../lib/topology/layout';
import { type PromSample, telemetryFromPrometheus } from '../lib/topology/telemetry';
import type { TopologyGraph } from '../lib/topology/types';
import { type BenchModule, median, ms, sizeLabel } from './report';

interface DomainRow {
  size: string;
  step: string;
  ms: number;
  /** Process CPU time (user + system): steadier than wall time on a shared machine. */
  cpu: number;
  runs: number;
  nodes?: number;
  edges?: number;
  note?: string;
}

function runsFor(pods: number): number {
  return pods <= 1_000 ? 5 : 3;
}

interface Measured<T> {
  ms: number;
  cpu: number;
  value: T;
}

async function measure<T>(runs: number, fn: () => T | Promise<T>): Promise<Measured<T>> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    value = await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { ms: median(wall), cpu: median(cpu), value: value as T };
}

/**
 * Synthetic Prometheus samples: each Service is called by the workload behind the previous Service
 * of its namespace (one in ten from another namespace), seen by three reporters.
 */
function promSamples(summary: ClusterSummary): PromSample[] {
  const out: PromSample[] = [];
  const services = summary.services.filter((s) => s.kind === 'Service' && s.workloads.length > 0);
  services.forEach((s, i) => {
    const prev = services[i % 10 === 0 ? (i * 7919) % services.length : Math.max(0, i - 1)];
    const [, callerNs, callerName] = prev?.workloads[0]?.split('/') ?? [];
    if (!callerNs || !callerName) return;
    for (const reporter of ['source', 'destination', 'waypoint']) {
      for (const code of ['200', '503']) {
        out.push({
          metric: {
            source_workload: callerName,
            source_workload_namespace: callerNs,
            destination_service_name: s.name,
            destination_service_namespace: s.namespace,
            destination_workload: s.workloads[0]?.split('/')[2] ?? 'unknown',
            destination_workload_namespace: s.namespace,
            reporter,
            response_code: code,
          },
          value: [0, code === '200' ? '9.5' : '0.5'],
        });
      }
    }
  });
  return out;
}

const counts = (g: TopologyGraph) => ({ nodes: g.nodes.length, edges: g.edges.length });

async function bench(pods: number, namespaces: number, rows: DomainRow[]): Promise<void> {
  const size = sizeLabel(pods);
  const runs = runsFor(pods);
  const add = (step: string, m: Measured<unknown>, extra: Partial<DomainRow> = {}) =>
    rows.push({ size, step, ms: m.ms, cpu: m.cpu, runs, ...extra });

  const gen = await measure(runs, () => generateCluster({ pods, namespaces, seed: 42 }));
  const rs = gen.value;
  add('generateCluster', gen, { note: `${rs.pods.length} pods, ${rs.namespaces.length} namespaces` });

  const sum = await measure(runs, () => summarizeCluster(rs));
  const summary = sum.value;
  add('summarizeCluster', sum, {
    note: `${summary.workloads.length} workloads, ${summary.services.length} services`,
  });

  // What the server computes for the Overview: every namespace's summary and migration findings.
  const findings = await measure(1, () => {
    let n = 0;
    for (const ns of summary.namespaces) n += namespaceFindings(rs, ns.name).length;
    return n;
  });
  add('findings of every namespace', findings, {
    note: `${findings.value} findings, ${summary.namespaces.length} namespaces, 1 run`,
  });

  const collapsed = await measure(runs, () => buildGraph(rs, summary));
  add('buildGraph (default collapse)', collapsed, {
    ...counts(collapsed.value),
    note: collapsed.value.collapsed ? 'collapsed' : 'expanded',
  });

  const expanded = await measure(runs, () =>
    buildGraph(rs, summary, { collapseThreshold: Number.POSITIVE_INFINITY }),
  );
  add('buildGraph (fully expanded)', expanded, counts(expanded.value));

  const samples = promSamples(summary);
  const telemetry = await measure(runs, () => telemetryFromPrometheus({ http: samples }));
  add('telemetryFromPrometheus', telemetry, {
    note: `${samples.length} samples → ${telemetry.value.length} edges`,
  });

  const withTelemetry = await measure(runs, () => buildGraph(rs, summary, { telemetry: telemetry.value }));
  add('buildGraph (collapse + telemetry)', withTelemetry, counts(withTelemetry.value));

  const layoutC = await measure(runs, () => layoutGraph(collapsed.value));
  add('layoutGraph (default collapse)', layoutC, {
    ...counts(collapsed.value),
    note: layoutC.value.engine,
  });

  const layoutE = await measure(runs, () => layoutGraph(expanded.value));
  add('layoutGraph (fully expanded)', layoutE, { ...counts(expanded.value), note: layoutE.value.engine });
}

/** The pure domain pipeline on a generated cluster held in memory. */
export const domainBench: BenchModule = {
  name: 'domain',
  description: 'generate → summarizeCluster → buildGraph → layoutGraph, in memory',
  async run(ctx) {
    const rows: DomainRow[] = [];
    await bench(ctx.pods, ctx.namespaces, rows);
    for (const r of rows) {
      ctx.rows.push({
        module: 'domain',
        size: r.size,
        step: r.step,
        value: ms(r.ms),
        note: [
          `cpu ${ms(r.cpu)}`,
          `runs ${r.runs}`,
          r.nodes !== undefined ? `${r.nodes} nodes` : '',
          r.edges !== undefined ? `${r.edges} edges` : '',
          r.note ?? '',
          `elk ≤ ${ELK_NODE_LIMIT} nodes`,
        ]
          .filter(Boolean)
          .join(', '),
      });
    }
  },
};

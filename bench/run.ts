/**
 * Benchmark of the pure domain pipeline on synthetic clusters: generate → summarizeCluster →
 * buildGraph (default collapse and fully expanded) → layoutGraph, plus telemetry parsing.
 * Prints the median of a few runs per step. Run with `npm run bench` (optionally: sizes in pods,
 * e.g. `npm run bench -- 1000 5000`).
 */
import { summarizeCluster } from '../lib/mesh/summary';
import type { ClusterSummary } from '../lib/mesh/views';
import { generateCluster } from '../lib/testing/generate-cluster';
import { buildGraph } from '../lib/topology/build';
import { ELK_NODE_LIMIT, layoutGraph } from '../lib/topology/layout';
import { type PromSample, telemetryFromPrometheus } from '../lib/topology/telemetry';
import type { TopologyGraph } from '../lib/topology/types';

interface Row {
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

const DEFAULT_SIZES = [1_000, 10_000, 50_000];

function runsFor(pods: number): number {
  return pods <= 1_000 ? 5 : 3;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
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

const label = (pods: number) => (pods >= 1000 ? `${pods / 1000}k` : String(pods));
const counts = (g: TopologyGraph) => ({ nodes: g.nodes.length, edges: g.edges.length });

async function bench(pods: number, rows: Row[]): Promise<void> {
  const size = label(pods);
  const runs = runsFor(pods);
  const add = (step: string, m: Measured<unknown>, extra: Partial<Row> = {}) =>
    rows.push({ size, step, ms: m.ms, cpu: m.cpu, runs, ...extra });

  const gen = await measure(runs, () => generateCluster({ pods, seed: 42 }));
  const rs = gen.value;
  add('generateCluster', gen, { note: `${rs.pods.length} pods, ${rs.namespaces.length} namespaces` });

  const sum = await measure(runs, () => summarizeCluster(rs));
  const summary = sum.value;
  add('summarizeCluster', sum, {
    note: `${summary.workloads.length} workloads, ${summary.services.length} services`,
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

function print(rows: Row[]): void {
  const header = ['size', 'step', 'wall (median)', 'cpu (median)', 'runs', 'nodes', 'edges', 'note'];
  const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
  const table = rows.map((r) => [
    r.size,
    r.step,
    ms(r.ms),
    ms(r.cpu),
    String(r.runs),
    r.nodes === undefined ? '' : String(r.nodes),
    r.edges === undefined ? '' : String(r.edges),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 2 || i === 3 || i === 5 || i === 6 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0),
      )
      .join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let last = '';
  for (const [i, row] of table.entries()) {
    if (last && rows[i]?.size !== last) console.log('');
    last = rows[i]?.size ?? '';
    console.log(line(row));
  }
}

async function main(): Promise<void> {
  const args = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0);
  const sizes = args.length > 0 ? args : DEFAULT_SIZES;
  const rows: Row[] = [];
  const started = performance.now();
  for (const pods of sizes) await bench(pods, rows);
  print(rows);
  console.log(
    `\nelk up to ${ELK_NODE_LIMIT} nodes, grid beyond; node ${process.version}; total ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  // Conversion module (bench/convert.ts); MM_BENCH_CONVERT=0 skips it, MM_BENCH_CONVERT=1000,5000 picks sizes.
  if (process.env.MM_BENCH_CONVERT !== '0') {
    const { benchConvert, benchHelp, printConvert, convertSizesFromEnv } = await import('./convert');
    printConvert(await benchConvert(convertSizesFromEnv()), await benchHelp());
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

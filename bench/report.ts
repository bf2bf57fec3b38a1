import { loadavg } from 'node:os';

/** One printed line of a benchmark: a step, its value and how it was measured. */
export interface Row {
  module: string;
  size: string;
  step: string;
  value: string;
  note?: string;
}

/** What every module gets: the cluster size asked for and where to put rows. */
export interface BenchContext {
  pods: number;
  namespaces: number;
  /** Samples per latency measurement (bounded so a run stays short). */
  samples: number;
  rows: Row[];
  log: (line: string) => void;
}

/** A benchmark module; `npm run bench` runs the selected ones in order. */
export interface BenchModule {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<void>;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i] ?? Number.NaN;
}

export const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);

export const sizeLabel = (pods: number) => (pods >= 1000 ? `${pods / 1000}k` : String(pods));

/** The 1-minute load average, printed beside timings: the machine is shared. */
export function load(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

export function printRows(rows: readonly Row[]): void {
  const header = ['module', 'size', 'step', 'value', 'note'];
  const table = rows.map((r) => [r.module, r.size, r.step, r.value, r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
}

/**
 * Conversion benchmark: the whole `mesh-migrator convert` process on VirtualServices made by
 * `../shared/bench/gen-virtualservices.cjs`, beside a process that only parses the same file with
 * `yaml` (parseAllDocuments + toJS), measured in the same run. Wall and CPU time (user + system of
 * the measured process) are medians of a few runs; CPU is steadier on a shared machine.
 * Run alone with `npx tsx bench/convert.ts [N...]` (default 1000 5000 50000); `npm run bench` runs it last.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const generator =
  process.env.MM_BENCH_GENERATOR ?? path.resolve(root, '..', 'shared', 'bench', 'gen-virtualservices.cjs');
const DEFAULT_SIZES = [1_000, 5_000, 50_000];

/** The pinned Node 24, so the bin runs in-process (no re-exec) and the parse runs on the same Node. */
function nodeBin(): string {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return process.execPath;
  return path.join(root, 'node_modules', 'node', 'bin', 'node');
}

/** Preloaded into each measured process: writes its own CPU time to MM_BENCH_CPU at exit. */
const CPU_HOOK =
  "process.on('exit',()=>{const u=process.cpuUsage();require('fs').writeFileSync(process.env.MM_BENCH_CPU,String((u.user+u.system)/1000))})";

const PARSE_ONLY = `
const { parseAllDocuments } = require(${JSON.stringify(path.join(root, 'node_modules', 'yaml'))});
const docs = parseAllDocuments(require('fs').readFileSync(process.argv[2], 'utf8'));
let n = 0;
for (const d of docs) if (d.toJS()) n++;
if (n < Number(process.argv[3])) process.exit(3);
`;

interface Timing {
  wall: number;
  cpu: number;
}

async function timed(args: string[], dir: string): Promise<Timing> {
  const cpuFile = path.join(dir, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(nodeBin(), ['--require', path.join(dir, 'cpu-hook.cjs'), ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, MM_BENCH_CPU: cpuFile },
    });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c));
  });
  const wall = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`);
  return { wall, cpu: Number(readFileSync(cpuFile, 'utf8')) };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export interface ConvertRow {
  virtualServices: number;
  documents: number;
  megabytes: number;
  runs: number;
  parse: Timing;
  convert: Timing;
}

async function generate(n: number, dir: string): Promise<string> {
  const file = path.join(dir, `vs-${n}.yaml`);
  if (existsSync(file)) return file;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [generator, String(n), file], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`generator exited ${c}`))));
  });
  return file;
}

/** Measures parse-only and the whole CLI, alternating, on one generated file per size. */
export async function benchConvert(sizes: number[] = DEFAULT_SIZES): Promise<ConvertRow[]> {
  if (!existsSync(generator)) throw new Error(`generator not found: ${generator}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-bench-convert-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(dir, 'cpu-hook.cjs'), CPU_HOOK);
  writeFileSync(path.join(dir, 'parse-only.cjs'), PARSE_ONLY);
  const bin = path.join(root, 'bin', 'mesh-migrator.cjs');
  // Builds dist/cli first if needed, so no run pays for it.
  await timed([bin, '--help'], dir);
  const rows: ConvertRow[] = [];
  try {
    for (const n of sizes) {
      const file = await generate(n, dir);
      const runs = n >= 20_000 ? 1 : 3;
      const parse: Timing[] = [];
      const convert: Timing[] = [];
      for (let i = 0; i < runs; i++) {
        parse.push(await timed([path.join(dir, 'parse-only.cjs'), file, String(n)], dir));
        convert.push(await timed([bin, 'convert', '-f', file], dir));
      }
      const text = readFileSync(file, 'utf8');
      rows.push({
        virtualServices: n,
        documents: text.split(/^---$/m).length,
        megabytes: statSync(file).size / 1e6,
        runs,
        parse: { wall: median(parse.map((t) => t.wall)), cpu: median(parse.map((t) => t.cpu)) },
        convert: { wall: median(convert.map((t) => t.wall)), cpu: median(convert.map((t) => t.cpu)) },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** `--help` of the bin: wall and CPU, median of 5. */
export async function benchHelp(): Promise<Timing> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-bench-help-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(dir, 'cpu-hook.cjs'), CPU_HOOK);
  const bin = path.join(root, 'bin', 'mesh-migrator.cjs');
  try {
    await timed([bin, '--help'], dir);
    const t: Timing[] = [];
    for (let i = 0; i < 5; i++) t.push(await timed([bin, '--help'], dir));
    return { wall: median(t.map((x) => x.wall)), cpu: median(t.map((x) => x.cpu)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sizes from MM_BENCH_CONVERT (`1000,5000`), else the defaults. */
export function convertSizesFromEnv(): number[] {
  const sizes = (process.env.MM_BENCH_CONVERT ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 1);
  return sizes.length ? sizes : DEFAULT_SIZES;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function printConvert(rows: ConvertRow[], help: Timing): void {
  console.log(
    '\nConversion (whole `mesh-migrator convert` process vs parsing the same file alone with yaml)',
  );
  const header = [
    'VSs',
    'MB',
    'runs',
    'parse wall',
    'parse cpu',
    'convert wall',
    'convert cpu',
    'ratio cpu',
    'cpu µs/VS',
  ];
  const table = rows.map((r) => [
    String(r.virtualServices),
    r.megabytes.toFixed(1),
    String(r.runs),
    s(r.parse.wall),
    s(r.parse.cpu),
    s(r.convert.wall),
    s(r.convert.cpu),
    `${(r.convert.cpu / r.parse.cpu).toFixed(2)}×`,
    String(Math.round((r.convert.cpu * 1000) / r.virtualServices)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  console.log(
    `mesh-migrator --help: ${s(help.wall)} wall, ${s(help.cpu)} cpu (median of 5); node ${nodeBin()}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const args = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0);
  benchConvert(args.length ? args : DEFAULT_SIZES)
    .then(async (rows) => printConvert(rows, await benchHelp()))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}

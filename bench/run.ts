/**
 * `npm run bench [-- --size quick|20k|50k] [--pods N --namespaces M] [--only domain,model,server,convert] [--samples K]`
 *
 * Runs benchmark modules in order and prints one table. Modules live beside this file and are
 * listed in MODULES; another module (e.g. conversion timings) is added by appending it there.
 * Sizes: `quick` 5,000 pods / 200 namespaces (default), `20k` 20,000 / 800, `50k` 50,000 / 2,000.
 */
import { parseArgs } from 'node:util';
import { domainBench } from './domain';
import { modelBench } from './model';
import { type BenchContext, type BenchModule, load, printRows } from './report';
import { serverBench } from './server';

/** Conversion timings (bench/convert.ts) print their own table; MM_BENCH_CONVERT=1000,5000 picks sizes. */
const convertBench: BenchModule = {
  name: 'convert',
  description: 'the CLI converting generated VirtualServices, beside parsing the same file',
  async run() {
    const { benchConvert, benchHelp, printConvert, convertSizesFromEnv } = await import('./convert');
    printConvert(await benchConvert(convertSizesFromEnv()), await benchHelp());
  },
};

const MODULES: BenchModule[] = [domainBench, modelBench, serverBench, convertBench];

const SIZES: Record<string, { pods: number; namespaces: number; samples: number }> = {
  quick: { pods: 5_000, namespaces: 200, samples: 20 },
  '20k': { pods: 20_000, namespaces: 800, samples: 40 },
  '50k': { pods: 50_000, namespaces: 2_000, samples: 40 },
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'quick' },
      pods: { type: 'string' },
      namespaces: { type: 'string' },
      samples: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const preset = SIZES[values.size ?? 'quick'];
  if (!preset) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const pods = Number(values.pods ?? preset.pods);
  const ctx: BenchContext = {
    pods,
    namespaces: Number(
      values.namespaces ?? (values.pods ? Math.max(1, Math.round(pods / 25)) : preset.namespaces),
    ),
    samples: Number(values.samples ?? preset.samples),
    rows: [],
    log: (line) => console.error(line),
  };
  const only = values.only?.split(',').map((s) => s.trim());
  // MM_BENCH_CONVERT=0 leaves the conversion module out of a full run.
  const selected = MODULES.filter(
    (m) =>
      (!only || only.includes(m.name)) &&
      !(m.name === 'convert' && !only && process.env.MM_BENCH_CONVERT === '0'),
  );
  if (selected.length === 0)
    throw new Error(`--only must name some of ${MODULES.map((m) => m.name).join(', ')}`);
  const started = performance.now();
  console.error(`bench: ${ctx.pods} pods in ${ctx.namespaces} namespaces; load average ${load()}`);
  for (const m of selected) {
    console.error(`bench: ${m.name}: ${m.description}`);
    await m.run(ctx);
  }
  printRows(ctx.rows);
  console.log(
    `\nnode ${process.version}; total ${((performance.now() - started) / 1000).toFixed(1)} s; load average at the end ${load()}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

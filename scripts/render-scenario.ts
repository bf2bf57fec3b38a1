// Writes the demo scenario, materialized (ReplicaSets, Pods with status, waypoint Deployments...),
// as YAML files into OUTDIR, for loading into a real API server. CRDs are not written.
// Usage: npx tsx scripts/render-scenario.ts OUTDIR [--scenario DIR] [--seed N]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { materialize } from '../lib/demo/materialize';
import { renderFiles } from '../lib/demo/render';
import { defaultScenarioDir, readScenario } from '../lib/demo/scenario';

function usage(message: string): never {
  console.error(`${message}\nusage: render-scenario OUTDIR [--scenario DIR] [--seed N]`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let outDir: string | undefined;
  let scenario: string | undefined;
  let seed = 42;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scenario') scenario = argv[++i] ?? usage('--scenario needs a directory');
    else if (a === '--seed') seed = Number(argv[++i] ?? usage('--seed needs a number'));
    else if (a?.startsWith('--')) usage(`unknown option ${a}`);
    else if (!outDir) outDir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!outDir) usage('OUTDIR is required');
  if (!Number.isInteger(seed)) usage('--seed must be an integer');
  const dir = scenario ?? defaultScenarioDir();
  const { objects, problems } = await readScenario(dir);
  for (const p of problems) console.error(`${p.file}#${p.document}: ${p.message}`);
  if (problems.length > 0) process.exit(1);
  const files = renderFiles(materialize(objects, { seed }));
  await mkdir(outDir, { recursive: true });
  let count = 0;
  for (const [name, text] of files) {
    await writeFile(path.join(outDir, name), text);
    count += text.split(/^---$/m).length;
  }
  console.log(`render-scenario: ${count} objects from ${dir} in ${files.size} files under ${outDir}`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`render-scenario: ${(e as Error).message}`);
  process.exit(1);
});

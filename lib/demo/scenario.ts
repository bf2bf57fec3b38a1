/** Finds and reads the demo scenario (a directory of YAML files). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ParseProblem } from '../files/parse';
import { readObjects } from '../files/read';
import type { KubeObject } from '../k8s/objects';

const RELATIVE = path.join('scenarios', 'demo');

/**
 * Where the default scenario lives: `MESH_MIGRATOR_SCENARIO`, else `scenarios/demo` under the
 * working directory or one of its parents, else beside the running script's package.
 */
export function scenarioCandidates(
  env: Record<string, string | undefined>,
  cwd: string,
  script?: string,
): string[] {
  if (env.MESH_MIGRATOR_SCENARIO) return [path.resolve(cwd, env.MESH_MIGRATOR_SCENARIO)];
  const out: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    out.push(path.join(dir, RELATIVE));
    if (path.dirname(dir) === dir) break;
  }
  if (script) out.push(path.join(path.dirname(path.dirname(path.resolve(script))), RELATIVE));
  return out;
}

/** The first existing candidate; throws with every place looked at when none exists. */
export function defaultScenarioDir(): string {
  const candidates = scenarioCandidates(process.env, process.cwd(), process.argv[1]);
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new Error(
      `demo scenario not found (looked in ${candidates.join(', ')}); set MESH_MIGRATOR_SCENARIO`,
    );
  return found;
}

/** Reads every YAML file of the scenario directory, in file name order. */
export async function readScenario(
  dir: string,
): Promise<{ objects: KubeObject[]; problems: ParseProblem[] }> {
  if (!existsSync(dir)) throw new Error(`demo scenario directory ${dir} does not exist`);
  return readObjects([dir]);
}

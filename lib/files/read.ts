import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KubeObject } from '../k8s/objects';
import { type ParseProblem, parseObjects } from './parse';

const YAML_EXT = /\.(ya?ml|json)$/i;

/** Every .yaml/.yml/.json file under `p` (recursively), sorted; `p` itself when it is a file. */
export async function listInputFiles(p: string): Promise<string[]> {
  const st = await stat(p);
  if (!st.isDirectory()) return [p];
  const entries = await readdir(p, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...(await listInputFiles(full)));
    else if (YAML_EXT.test(e.name)) out.push(full);
  }
  return out;
}

/** Reads and parses files or directories; a file that cannot be read is a problem, not a crash. */
export async function readObjects(
  paths: string[],
): Promise<{ objects: KubeObject[]; problems: ParseProblem[] }> {
  const objects: KubeObject[] = [];
  const problems: ParseProblem[] = [];
  for (const p of paths) {
    let files: string[];
    try {
      files = await listInputFiles(p);
    } catch (e) {
      problems.push({ file: p, document: 0, message: (e as Error).message });
      continue;
    }
    for (const f of files) {
      let text: string;
      try {
        text = await readFile(f, 'utf8');
      } catch (e) {
        problems.push({ file: f, document: 0, message: (e as Error).message });
        continue;
      }
      const r = parseObjects(text, f);
      objects.push(...r.objects);
      problems.push(...r.problems);
    }
  }
  return { objects, problems };
}

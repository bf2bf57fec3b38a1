import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KubeObject } from '../k8s/objects';
import { type ParseProblem, parseObjects } from './parse';

const YAML_EXT = /\.(ya?ml|json)$/i;

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (YAML_EXT.test(e.name)) out.push(full);
  }
}

/** Every .yaml/.yml/.json file under `p` (recursively), sorted; `p` itself when it is a file. */
export async function listInputFiles(p: string): Promise<string[]> {
  const st = await stat(p);
  if (!st.isDirectory()) return [p];
  const out: string[] = [];
  await walk(p, out);
  return out;
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/** A file or directory that could not be read, as a problem with the plain reason (not the syscall). */
export function unreadable(file: string, e: unknown): ParseProblem {
  const code = (e as NodeJS.ErrnoException).code;
  return { file, message: (code && FS_ERRORS[code]) ?? (e as Error).message };
}

/** What reading inputs gave: objects, problems, and documents skipped as not Kubernetes (with a note). */
export interface ReadResult {
  objects: KubeObject[];
  problems: ParseProblem[];
  skipped: ParseProblem[];
}

/** Adds a file's parse result to `into` without spreading (inputs may hold hundreds of thousands of objects). */
export function appendParsed(into: ReadResult, text: string, file: string, fromDirectory: boolean): void {
  const r = parseObjects(text, file, { skipForeign: fromDirectory });
  // A file named on its own that holds nothing is a mistake (a wrong path, an unsaved file), not an empty cluster.
  if (!fromDirectory && r.objects.length === 0 && r.problems.length === 0 && r.skipped.length === 0)
    into.problems.push({ file, message: 'holds no Kubernetes objects' });
  for (const o of r.objects) into.objects.push(o);
  for (const p of r.problems) into.problems.push(p);
  for (const s of r.skipped) into.skipped.push(s);
}

/**
 * Reads and parses files or directories; a file that cannot be read is a problem, not a crash.
 * Files found in a directory that are not Kubernetes objects (kustomization.yaml, values.yaml) are
 * skipped and listed in `skipped`; a file named explicitly must hold Kubernetes objects.
 */
export async function readObjects(paths: string[]): Promise<ReadResult> {
  const result: ReadResult = { objects: [], problems: [], skipped: [] };
  for (const p of paths) {
    let files: string[];
    try {
      files = await listInputFiles(p);
    } catch (e) {
      result.problems.push(unreadable(p, e));
      continue;
    }
    const fromDirectory = !(files.length === 1 && files[0] === p);
    for (const f of files) {
      let text: string;
      try {
        text = await readFile(f, 'utf8');
      } catch (e) {
        result.problems.push(unreadable(f, e));
        continue;
      }
      appendParsed(result, text, f, fromDirectory);
    }
  }
  return result;
}

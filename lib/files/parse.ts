import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { Composer, LineCounter, Parser, type YAMLError } from 'yaml';
import type { KubeObject } from '../k8s/objects';

/** A document that could not be read, located by file and 0-based document index. */
export interface ParseProblem {
  file: string;
  /** The document's index in the file; absent when the problem is the whole file's. */
  document?: number;
  message: string;
}

export interface ParsedObjects {
  objects: KubeObject[];
  problems: ParseProblem[];
  /** Documents left out because they are not Kubernetes objects (only with `skipForeign`). */
  skipped: ParseProblem[];
}

export interface ParseOptions {
  /**
   * Documents that are not Kubernetes objects at all (no `apiVersion`/`kind`/`metadata`, as in
   * kustomization.yaml, Helm values.yaml or Chart.yaml) are listed in `skipped` instead of `problems`.
   * Meant for files found in a directory, not for files the user named.
   */
  skipForeign?: boolean;
}

function isKubeObject(v: unknown): v is KubeObject {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof meta?.name === 'string';
}

/** Not even shaped like a Kubernetes object: a mapping without a `metadata` mapping, apiVersion or kind. */
function isForeign(v: Record<string, unknown>): boolean {
  const meta = v.metadata;
  return (
    typeof v.apiVersion !== 'string' ||
    typeof v.kind !== 'string' ||
    typeof meta !== 'object' ||
    meta === null ||
    Array.isArray(meta)
  );
}

/**
 * Parses multi-document YAML (or JSON) text into plain objects (a large file is never held as a
 * whole document tree). `List` objects (as `kubectl get -o yaml` prints) are flattened. Malformed
 * documents, including alias bombs, are reported with their file and index; the rest still load.
 */
export function parseObjects(text: string, file: string, opts: ParseOptions = {}): ParsedObjects {
  return fastParse(text, file, opts) ?? composeParse(text, file, opts);
}

/**
 * Well-formed input without aliases through js-yaml (several times faster on large files), with
 * the same YAML 1.2 core schema. Anything else (a syntax error, an alias, a document that is not
 * an object) is left to {@link composeParse}, which says where and keeps the other documents.
 */
function fastParse(text: string, file: string, opts: ParseOptions): ParsedObjects | undefined {
  let docs: unknown[];
  try {
    docs = loadAll(text, { schema: CORE_SCHEMA, maxAliases: 0 });
  } catch {
    return undefined;
  }
  const out: ParsedObjects = { objects: [], problems: [], skipped: [] };
  docs.forEach((value, i) => {
    if (value !== null && value !== undefined) collect(value, file, i, out, opts);
  });
  return out.problems.length === 0 && out.skipped.length === 0 ? out : undefined;
}

/** Document by document with the `yaml` composer: every problem located, the other documents kept. */
export function composeParse(text: string, file: string, opts: ParseOptions = {}): ParsedObjects {
  const out: ParsedObjects = { objects: [], problems: [], skipped: [] };
  const composer = new Composer();
  const lines = new LineCounter();
  let index = 0;
  const docs = composer.compose(new Parser(lines.addNewLine).parse(text));
  for (const doc of docs) {
    const i = index++;
    if (doc.errors.length > 0) {
      out.problems.push({ file, document: i, message: doc.errors.map((e) => located(e, lines)).join('; ') });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      out.problems.push({ file, document: i, message: (e as Error).message });
      continue;
    }
    if (value === null || value === undefined) continue;
    collect(value, file, i, out, opts);
  }
  return out;
}

/** A YAML syntax error with the line and column it starts at in the file (1-based). */
function located(e: YAMLError, lines: LineCounter): string {
  const { line, col } = lines.linePos(e.pos[0]);
  return `line ${line}, column ${col}: ${e.message}`;
}

function collect(value: unknown, file: string, index: number, out: ParsedObjects, opts: ParseOptions): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const p = { file, document: index, message: 'not a Kubernetes object (expected a mapping)' };
    (opts.skipForeign ? out.skipped : out.problems).push(p);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    o.items.forEach((item, i) => {
      if (isKubeObject(item)) out.objects.push(item);
      else
        out.problems.push({
          file,
          document: index,
          message: `items[${i}]: missing apiVersion, kind or metadata.name`,
        });
    });
    return;
  }
  if (isKubeObject(o)) {
    out.objects.push(o);
    return;
  }
  if (opts.skipForeign && isForeign(o)) {
    const what = typeof o.kind === 'string' ? `a ${o.kind}` : 'no apiVersion, kind or metadata';
    out.skipped.push({ file, document: index, message: `not a Kubernetes object (${what}); skipped` });
    return;
  }
  out.problems.push({ file, document: index, message: 'missing apiVersion, kind or metadata.name' });
}

/** `file#3: message`, the form every tool prints. */
export function formatProblem(p: ParseProblem): string {
  return `${p.file}${p.document === undefined ? '' : `#${p.document}`}: ${p.message}`;
}

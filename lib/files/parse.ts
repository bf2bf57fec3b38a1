import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../k8s/objects';

/** A document that could not be read, located by file and 0-based document index. */
export interface ParseProblem {
  file: string;
  document: number;
  message: string;
}

export interface ParsedObjects {
  objects: KubeObject[];
  problems: ParseProblem[];
}

function isKubeObject(v: unknown): v is KubeObject {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof meta?.name === 'string';
}

/**
 * Parses multi-document YAML (or JSON) text. `List` objects (as `kubectl get -o yaml` prints) are
 * flattened. Malformed documents are reported with their index; the rest still load.
 */
export function parseObjects(text: string, file: string): ParsedObjects {
  const objects: KubeObject[] = [];
  const problems: ParseProblem[] = [];
  const docs = parseAllDocuments(text);
  // parseAllDocuments returns an EmptyStream (not an array) for empty input.
  if (!Array.isArray(docs)) return { objects, problems };
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      problems.push({ file, document: index, message: doc.errors.map((e) => e.message).join('; ') });
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    collect(value, file, index, objects, problems);
  });
  return { objects, problems };
}

function collect(
  value: unknown,
  file: string,
  index: number,
  out: KubeObject[],
  problems: ParseProblem[],
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ file, document: index, message: 'not a Kubernetes object (expected a mapping)' });
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    o.items.forEach((item, i) => {
      if (isKubeObject(item)) out.push(item);
      else
        problems.push({
          file,
          document: index,
          message: `items[${i}]: missing apiVersion, kind or metadata.name`,
        });
    });
    return;
  }
  if (!isKubeObject(o)) {
    problems.push({ file, document: index, message: 'missing apiVersion, kind or metadata.name' });
    return;
  }
  out.push(o);
}

/** `file#3: message`, the form every tool prints. */
export function formatProblem(p: ParseProblem): string {
  return `${p.file}#${p.document}: ${p.message}`;
}

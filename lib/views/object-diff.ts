import { stringify } from 'yaml';
import type { KubeObject } from '../k8s/objects';
import { withoutServerFields } from '../k8s/strip';

/** An object without server-set metadata and status: what a person compares. */
export const cleanForDiff = withoutServerFields;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Keeps only the parts of `live` that `shape` also sets. Server-side apply leaves other fields alone,
 * so this is what applying `shape` would compare against; server defaults do not show as changes.
 */
export function projectOnto(live: unknown, shape: unknown): unknown {
  if (isRecord(live) && isRecord(shape)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(shape)) if (k in live) out[k] = projectOnto(live[k], shape[k]);
    return out;
  }
  if (Array.isArray(live) && Array.isArray(shape) && live.length === shape.length) {
    return live.map((v, i) => projectOnto(v, shape[i]));
  }
  return live;
}

export type CompareStatus = 'new' | 'changed' | 'unchanged';

export interface ComparedObject {
  ref: string;
  kind: string;
  status: CompareStatus;
  yaml: string;
  /** The live object, projected onto the generated fields (absent when new). */
  liveYaml?: string;
}

export function toYaml(v: unknown): string {
  return stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Compares a generated object with the same object in the cluster. */
export function compareGenerated(generated: KubeObject, live: KubeObject | undefined): ComparedObject {
  const gen = cleanForDiff(generated);
  const ref = `${generated.kind}/${generated.metadata.namespace ?? ''}/${generated.metadata.name}`;
  const yaml = toYaml(gen);
  if (!live) return { ref, kind: generated.kind, status: 'new', yaml };
  const projected = projectOnto(cleanForDiff(live), gen);
  const liveYaml = toYaml(projected);
  return { ref, kind: generated.kind, status: liveYaml === yaml ? 'unchanged' : 'changed', yaml, liveYaml };
}

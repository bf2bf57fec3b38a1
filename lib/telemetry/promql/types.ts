/** Labels of a series, `__name__` included. */
export type Labels = Record<string, string>;

/** A counter (or gauge) series the evaluator can read at any time, in unix seconds. */
export interface Series {
  labels: Labels;
  valueAt(t: number): number;
}

/** What the evaluator reads: every series with a given metric name. */
export interface SeriesReader {
  series(name: string): readonly Series[];
}

export interface VectorSample {
  labels: Labels;
  value: number;
}

export type Value =
  | { type: 'scalar'; value: number }
  | { type: 'vector'; samples: VectorSample[] }
  | { type: 'matrix'; series: readonly Series[]; from: number; to: number }
  | { type: 'string'; value: string };

/** A query the demo cannot answer, or one that is not PromQL; the message says which. */
export class PromQLError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQLError';
  }
}

/** Label set without the metric name (what aggregations and arithmetic produce). */
export function dropName(labels: Labels): Labels {
  const { __name__: _n, ...rest } = labels;
  return rest;
}

/** A stable key for a label set. */
export function labelsKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0001${labels[k]}`)
    .join('\u0002');
}

/** Parses a PromQL duration (`5m`, `1h30m`, `250ms`) into seconds. */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0) {
    const n = Number(text);
    if (Number.isFinite(n)) return n;
    throw new PromQLError(`invalid duration "${text}"`);
  }
  return total;
}

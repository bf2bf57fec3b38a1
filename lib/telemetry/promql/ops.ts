import { dropName, type Labels, labelsKey, PromQLError, type VectorSample } from './types';

/** Keeps (`by`) or drops (`without`) grouping labels; the metric name always goes. */
export function groupLabels(labels: Labels, names: readonly string[], without: boolean): Labels {
  if (without) {
    const out = dropName(labels);
    for (const n of names) delete out[n];
    return out;
  }
  const out: Labels = {};
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== '') out[n] = v;
  }
  return out;
}

/** `sum`, `min`, `max`, `avg`, `count`, `group` over groups of samples. */
export function aggregate(
  op: string,
  samples: readonly VectorSample[],
  names: readonly string[],
  without: boolean,
): VectorSample[] {
  const groups = new Map<string, { labels: Labels; values: number[] }>();
  for (const s of samples) {
    const labels = groupLabels(s.labels, names, without);
    const key = labelsKey(labels);
    const g = groups.get(key) ?? { labels, values: [] };
    groups.set(key, g);
    g.values.push(s.value);
  }
  const fold: Record<string, (v: number[]) => number> = {
    sum: (v) => v.reduce((a, b) => a + b, 0),
    min: (v) => Math.min(...v),
    max: (v) => Math.max(...v),
    avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
    count: (v) => v.length,
    group: () => 1,
  };
  const f = fold[op];
  if (!f) throw new PromQLError(`aggregation "${op}" is not supported by the demo's telemetry`);
  return [...groups.values()].map((g) => ({ labels: g.labels, value: f(g.values) }));
}

const ARITH: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
};
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
};

/** Applies an arithmetic or comparison operator to two numbers; undefined = filtered out. */
export function applyOp(op: string, a: number, b: number, bool: boolean): number | undefined {
  const arith = ARITH[op];
  if (arith) return arith(a, b);
  const cmp = COMPARE[op];
  if (!cmp) throw new PromQLError(`operator "${op}" is not supported by the demo's telemetry`);
  if (bool) return cmp(a, b) ? 1 : 0;
  return cmp(a, b) ? a : undefined;
}

export const isComparison = (op: string) => op in COMPARE;

/** How two vectors' samples pair up: `on(...)`, `ignoring(...)`, or all labels. */
export interface Matching {
  on: boolean;
  labels: string[];
}

export function matchKey(labels: Labels, m: Matching): string {
  return labelsKey(groupLabels(labels, m.labels, !m.on));
}

/** One-to-one vector matching; the result keeps the left side's labels (name dropped unless comparing). */
export function vectorOp(
  op: string,
  left: readonly VectorSample[],
  right: readonly VectorSample[],
  m: Matching,
  bool: boolean,
): VectorSample[] {
  if (op === 'and' || op === 'or' || op === 'unless') return setOp(op, left, right, m);
  const byKey = new Map<string, VectorSample>();
  for (const r of right) {
    const k = matchKey(r.labels, m);
    if (byKey.has(k))
      throw new PromQLError('many-to-many matching: the right side has several series for one match');
    byKey.set(k, r);
  }
  const out: VectorSample[] = [];
  for (const l of left) {
    const r = byKey.get(matchKey(l.labels, m));
    if (!r) continue;
    const v = applyOp(op, l.value, r.value, bool);
    if (v === undefined) continue;
    const labels = isComparison(op) && !bool ? l.labels : dropName(l.labels);
    out.push({ labels: m.on ? labels : labels, value: v });
  }
  return out;
}

function setOp(
  op: 'and' | 'or' | 'unless',
  left: readonly VectorSample[],
  right: readonly VectorSample[],
  m: Matching,
): VectorSample[] {
  const rightKeys = new Set(right.map((r) => matchKey(r.labels, m)));
  if (op === 'and') return left.filter((l) => rightKeys.has(matchKey(l.labels, m)));
  if (op === 'unless') return left.filter((l) => !rightKeys.has(matchKey(l.labels, m)));
  const leftKeys = new Set(left.map((l) => matchKey(l.labels, m)));
  return [...left, ...right.filter((r) => !leftKeys.has(matchKey(r.labels, m)))];
}

/**
 * Prometheus' `histogram_quantile` over classic buckets: per series (labels without `le`), the
 * bucket holding the rank, linear interpolation inside it, the highest finite bound for +Inf.
 */
export function histogramQuantile(q: number, samples: readonly VectorSample[]): VectorSample[] {
  const groups = new Map<string, { labels: Labels; buckets: { le: number; count: number }[] }>();
  for (const s of samples) {
    const le = s.labels.le;
    if (le === undefined) continue;
    const { le: _le, ...rest } = dropName(s.labels);
    const key = labelsKey(rest);
    const g = groups.get(key) ?? { labels: rest, buckets: [] };
    groups.set(key, g);
    g.buckets.push({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count: s.value });
  }
  const out: VectorSample[] = [];
  for (const g of groups.values()) out.push({ labels: g.labels, value: quantile(q, g.buckets) });
  return out;
}

function quantile(q: number, buckets: { le: number; count: number }[]): number {
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  buckets.sort((a, b) => a.le - b.le);
  const last = buckets[buckets.length - 1];
  if (!last || last.le !== Number.POSITIVE_INFINITY || buckets.length < 2) return Number.NaN;
  const total = last.count;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let i = buckets.findIndex((b) => b.count >= rank);
  if (i < 0) i = buckets.length - 1;
  const b = buckets[i] as { le: number; count: number };
  if (b.le === Number.POSITIVE_INFINITY) return buckets[buckets.length - 2]?.le ?? Number.NaN;
  const prev = buckets[i - 1];
  const start = prev ? prev.le : 0;
  const below = prev ? prev.count : 0;
  if (i === 0 && b.le <= 0) return b.le;
  const inBucket = b.count - below;
  return inBucket > 0 ? start + (b.le - start) * ((rank - below) / inBucket) : b.le;
}

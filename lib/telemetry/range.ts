/** Range queries in terms of instant ones, and the choice of a step. Pure. */
import type { PromSample, PromSeries, QueryRange } from './source';

/** A range over `[start, end]` with at most `maxPoints` steps of at least `minStepSeconds`. */
export function rangeOver(start: Date, end: Date, maxPoints = 120, minStepSeconds = 15): QueryRange {
  const span = Math.max(0, (end.getTime() - start.getTime()) / 1000);
  const stepSeconds = Math.max(minStepSeconds, Math.ceil(span / Math.max(1, maxPoints - 1)));
  return { start, end, stepSeconds };
}

/** The evaluation times of a range, in unix seconds (start, start + step, ... up to end). */
export function rangeTimes(range: QueryRange): number[] {
  const from = range.start.getTime() / 1000;
  const to = range.end.getTime() / 1000;
  if (!(range.stepSeconds > 0) || to < from) return [];
  const out: number[] = [];
  for (let t = from; t <= to + 1e-9; t += range.stepSeconds) out.push(t);
  return out;
}

/** A matrix from one instant query per step, as Prometheus' query_range would return it. */
export async function rangeFromInstants(
  instant: (time: Date) => Promise<PromSample[]>,
  range: QueryRange,
): Promise<PromSeries[]> {
  const byKey = new Map<string, PromSeries>();
  for (const t of rangeTimes(range)) {
    for (const s of await instant(new Date(t * 1000))) {
      const key = JSON.stringify(Object.entries(s.metric).sort(([a], [b]) => a.localeCompare(b)));
      let series = byKey.get(key);
      if (!series) {
        series = { metric: s.metric, values: [] };
        byKey.set(key, series);
      }
      series.values.push([t, s.value[1]]);
    }
  }
  return [...byKey.values()];
}

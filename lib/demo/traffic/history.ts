import type { Labels, Series, SeriesReader } from '../../telemetry/promql/types';
import type { SeriesRates } from './flows';

/** Prometheus forgets a series this long after its last sample. */
const STALE_S = 300;

interface Segment {
  from: number;
  rate: number;
}

class Counter implements Series {
  readonly segments: Segment[] = [];
  constructor(readonly labels: Labels) {}

  get rate(): number {
    return this.segments[this.segments.length - 1]?.rate ?? 0;
  }

  valueAt(t: number): number {
    const first = this.segments[0];
    if (!first || t < first.from) return Number.NaN;
    const last = this.segments[this.segments.length - 1] as Segment;
    if (last.rate === 0 && t > last.from + STALE_S) return Number.NaN;
    let v = 0;
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i] as Segment;
      if (s.from >= t) break;
      const end = Math.min(t, this.segments[i + 1]?.from ?? t);
      v += s.rate * (end - s.from);
    }
    return v;
  }
}

/**
 * Counters whose rate is constant between changes: each {@link update} starts new segments for the
 * series whose rate changed, so a query at any past time sees what the mesh reported then.
 */
export class RateHistory implements SeriesReader {
  private readonly byName = new Map<string, Map<string, Counter>>();

  series(name: string): readonly Series[] {
    return [...(this.byName.get(name)?.values() ?? [])];
  }

  /** Sets the rates from time `t` (unix seconds) on; series absent from `rates` drop to 0. `since` backdates new series. */
  update(rates: SeriesRates, t: number, since = t): void {
    const seen = new Set<Counter>();
    for (const [key, { labels, rate }] of rates) {
      const name = labels.__name__ ?? '';
      const byKey = this.byName.get(name) ?? new Map<string, Counter>();
      this.byName.set(name, byKey);
      let c = byKey.get(key);
      if (!c) {
        c = new Counter(labels);
        byKey.set(key, c);
        c.segments.push({ from: since, rate });
      } else if (c.rate !== rate) c.segments.push({ from: t, rate });
      seen.add(c);
    }
    for (const byKey of this.byName.values()) {
      for (const c of byKey.values()) if (!seen.has(c) && c.rate !== 0) c.segments.push({ from: t, rate: 0 });
    }
  }

  /** Number of series, for tests and diagnostics. */
  size(): number {
    let n = 0;
    for (const m of this.byName.values()) n += m.size;
    return n;
  }
}

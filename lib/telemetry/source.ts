/**
 * Where Istio's standard metrics come from. A real Prometheus and the demo cluster's simulated mesh
 * both implement {@link TelemetrySource}, so the topology's traffic edges and the traffic verdict of
 * migration steps read the same numbers the same way on either.
 */

/** One sample of an instant-query vector, as Prometheus' HTTP API returns it (`data.result[]`). */
export interface PromSample {
  metric: Record<string, string>;
  /** `[unix seconds, value as a string]`, Prometheus' own encoding. */
  value: [number, string];
}

/** One series of a range query's matrix, as Prometheus' HTTP API returns it (`data.result[]`). */
export interface PromSeries {
  metric: Record<string, string>;
  /** `[unix seconds, value as a string]` per step, oldest first. */
  values: [number, string][];
}

/** The span and resolution of a range query. */
export interface QueryRange {
  start: Date;
  end: Date;
  /** Seconds between evaluations (Prometheus' `step`). */
  stepSeconds: number;
}

/** A source of Istio metrics answering instant and range PromQL queries. */
export interface TelemetrySource {
  /** `prometheus` (a real server) or `demo` (the demo cluster's simulated mesh). */
  readonly kind: 'prometheus' | 'demo';
  /** What to show the user: the Prometheus URL, or `demo`. */
  readonly description: string;
  /**
   * Evaluates `promql` as an instant query at `time` (default now) and returns the vector. A scalar
   * result comes back as one sample without labels. Errors carry the source's own message.
   *
   * The demo evaluates the subset of PromQL the product uses: selectors with `=`, `!=`, `=~`, `!~`
   * matchers and a range, `rate`/`increase`, `sum`/`min`/`max`/`avg`/`count` `by`/`without`,
   * `histogram_quantile`, and arithmetic/comparison between vectors and scalars.
   */
  query(promql: string, time?: Date): Promise<PromSample[]>;
  /**
   * Evaluates `promql` at every step from `range.start` to `range.end` (Prometheus'
   * `/api/v1/query_range`) and returns one series per label set. The demo evaluates the same
   * subset as {@link query}, on the history it simulated.
   */
  queryRange(promql: string, range: QueryRange): Promise<PromSeries[]>;
}

/** A sample's value as a number; NaN and ±Inf come through as Prometheus sends them. */
export function sampleValue(s: PromSample): number {
  return Number(s.value[1]);
}

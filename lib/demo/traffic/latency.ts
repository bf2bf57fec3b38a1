/** Istio's default buckets of `istio_request_duration_milliseconds`. */
export const DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
];

const Z99 = 2.3263478740408408;

// Abramowitz–Stegun 7.1.26; |error| < 1.5e-7, plenty for bucket fractions.
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return sign * y;
}

/**
 * Fraction of requests at or below `ms` when durations are log-normal with the given median and
 * 99th percentile (a common shape for service latency).
 */
export function latencyCdf(ms: number, p50: number, p99: number): number {
  if (ms <= 0) return 0;
  const sigma = Math.max(Math.log(p99 / p50) / Z99, 1e-6);
  return 0.5 * (1 + erf((Math.log(ms) - Math.log(p50)) / (sigma * Math.SQRT2)));
}

/** Mean of that log-normal, for `_sum`. */
export function latencyMean(p50: number, p99: number): number {
  const sigma = Math.log(p99 / p50) / Z99;
  return p50 * Math.exp((sigma * sigma) / 2);
}

import { describe, expect, it } from 'vitest';
import { evaluate } from './eval';
import type { Labels, Series, SeriesReader } from './types';

/** A counter growing by `perSecond` since t=0. */
const counter = (labels: Labels, perSecond: number): Series => ({ labels, valueAt: (t) => perSecond * t });

function reader(series: Series[]): SeriesReader {
  return { series: (name) => series.filter((s) => s.labels.__name__ === name) };
}

const req = (l: Labels, rate: number) => counter({ __name__: 'istio_requests_total', ...l }, rate);
const bucket = (le: string, rate: number) => counter({ __name__: 'lat_bucket', svc: 'a', le }, rate);

const R = reader([
  req({ svc: 'a', code: '200', reporter: 'destination' }, 9),
  req({ svc: 'a', code: '503', reporter: 'destination' }, 1),
  req({ svc: 'b', code: '200', reporter: 'waypoint' }, 4),
  bucket('5', 6),
  bucket('10', 9),
  bucket('25', 11.5),
  bucket('50', 12),
  bucket('+Inf', 12),
]);
const T = 1000;

const vector = (q: string, t = T) => {
  const v = evaluate(q, R, t);
  if (v.type !== 'vector') throw new Error(`expected a vector, got ${v.type}`);
  return v.samples.map((s) => ({ ...s, value: Math.round(s.value * 1000) / 1000 }));
};

describe('evaluate (the demo telemetry PromQL subset)', () => {
  const cases: [string, string, { labels: Labels; value: number }[]][] = [
    [
      'sum by',
      'sum by (svc)(rate(istio_requests_total[1m]))',
      [
        { labels: { svc: 'a' }, value: 10 },
        { labels: { svc: 'b' }, value: 4 },
      ],
    ],
    ['regex matcher', 'sum(rate(istio_requests_total{code=~"5.."}[5m]))', [{ labels: {}, value: 1 }]],
    [
      'negative matcher',
      'sum without (code, reporter)(rate(istio_requests_total{svc!="b"}[1m]))',
      [{ labels: { svc: 'a' }, value: 10 }],
    ],
    ['increase', 'sum(increase(istio_requests_total{svc="b"}[1m]))', [{ labels: {}, value: 240 }]],
    [
      'vector / vector',
      'sum by (svc)(rate(istio_requests_total{code="503"}[1m])) / sum by (svc)(rate(istio_requests_total[1m]))',
      [{ labels: { svc: 'a' }, value: 0.1 }],
    ],
    [
      'comparison filters',
      'sum by (svc)(rate(istio_requests_total[1m])) > 5',
      [{ labels: { svc: 'a' }, value: 10 }],
    ],
    [
      'comparison bool',
      'sum by (svc)(rate(istio_requests_total[1m])) > bool 5',
      [
        { labels: { svc: 'a' }, value: 1 },
        { labels: { svc: 'b' }, value: 0 },
      ],
    ],
    ['scalar arithmetic', 'sum(rate(istio_requests_total[1m])) * 2 - 1', [{ labels: {}, value: 27 }]],
    [
      'histogram_quantile p50',
      'histogram_quantile(0.5, sum by (svc, le)(rate(lat_bucket[1m])))',
      [{ labels: { svc: 'a' }, value: 5 }],
    ],
    [
      'histogram_quantile p99',
      'histogram_quantile(0.99, sum by (svc, le)(rate(lat_bucket[1m])))',
      [{ labels: { svc: 'a' }, value: 44 }],
    ],
    [
      'or',
      'sum by (svc)(rate(istio_requests_total{svc="a"}[1m])) or sum by (svc)(rate(istio_requests_total[1m]))',
      [
        { labels: { svc: 'a' }, value: 10 },
        { labels: { svc: 'b' }, value: 4 },
      ],
    ],
    ['count', 'count(istio_requests_total)', [{ labels: {}, value: 3 }]],
    [
      'instant selector',
      'istio_requests_total{svc="b"}',
      [
        {
          labels: { __name__: 'istio_requests_total', svc: 'b', code: '200', reporter: 'waypoint' },
          value: 4000,
        },
      ],
    ],
    [
      'offset',
      'istio_requests_total{svc="b"} offset 10m',
      [
        {
          labels: { __name__: 'istio_requests_total', svc: 'b', code: '200', reporter: 'waypoint' },
          value: 1600,
        },
      ],
    ],
  ];
  it.each(cases)('%s', (_name, q, want) => {
    expect(vector(q)).toEqual(want);
  });

  it('evaluates at the given time', () => {
    expect(vector('sum(istio_requests_total{svc="a"})', 10)).toEqual([{ labels: {}, value: 100 }]);
  });

  it('averages, maxes and mins a gauge over a window', () => {
    // A gauge at 10 until t=970, then 40: over [940, 1000] read every 15 s it is 10, 10, 40, 40, 40.
    const gauge: Series = { labels: { __name__: 'mem', pod: 'p' }, valueAt: (t) => (t < 970 ? 10 : 40) };
    const at = (q: string) => {
      const v = evaluate(q, reader([gauge]), T);
      return v.type === 'vector' ? v.samples : [];
    };
    expect(at('avg_over_time(mem[1m])')).toEqual([{ labels: { pod: 'p' }, value: 28 }]);
    expect(at('max_over_time(mem[1m])')).toEqual([{ labels: { pod: 'p' }, value: 40 }]);
    expect(at('min_over_time(mem[1m])')).toEqual([{ labels: { pod: 'p' }, value: 10 }]);
    expect(() => evaluate('avg_over_time(mem)', reader([gauge]), T)).toThrow(/range vector/);
  });

  it('returns scalars as scalars', () => {
    expect(evaluate('1 + 2', R, T)).toEqual({ type: 'scalar', value: 3 });
  });

  it('rejects broken PromQL with a position', () => {
    expect(() => evaluate('sum(rate(x[1m]', R, T)).toThrow(/cannot parse PromQL/);
    expect(() => evaluate('', R, T)).toThrow(/cannot parse/);
  });

  it('says which parts the demo does not support', () => {
    expect(() => evaluate('topk(3, istio_requests_total)', R, T)).toThrow(/not supported/);
    expect(() => evaluate('label_replace(istio_requests_total, "a", "b", "c", "d")', R, T)).toThrow(
      /label_replace\(\) is not supported/,
    );
    expect(() => evaluate('rate(istio_requests_total)', R, T)).toThrow(/range vector/);
  });
});

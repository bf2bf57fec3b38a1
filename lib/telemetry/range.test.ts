import { describe, expect, it } from 'vitest';
import { rangeFromInstants, rangeOver, rangeTimes } from './range';

describe('range queries', () => {
  it('picks a step that keeps the points under the limit, never below the minimum', () => {
    const start = new Date('2026-11-30T10:00:00Z');
    expect(rangeOver(start, new Date('2026-11-30T12:00:00Z'), 121).stepSeconds).toBe(60);
    expect(rangeOver(start, new Date('2026-11-30T10:01:00Z')).stepSeconds).toBe(15);
  });

  it('evaluates at every step from start to end, inclusive', () => {
    const times = rangeTimes({
      start: new Date(1000_000),
      end: new Date(1060_000),
      stepSeconds: 20,
    });
    expect(times).toEqual([1000, 1020, 1040, 1060]);
  });

  it('groups instant answers into one series per label set', async () => {
    const m = await rangeFromInstants(
      async (t) => {
        const s = t.getTime() / 1000;
        return [
          { metric: { pod: 'a' }, value: [s, String(s - 1000)] },
          ...(s >= 1020 ? [{ metric: { pod: 'b' }, value: [s, '1'] as [number, string] }] : []),
        ];
      },
      { start: new Date(1000_000), end: new Date(1040_000), stepSeconds: 20 },
    );
    expect(m).toEqual([
      {
        metric: { pod: 'a' },
        values: [
          [1000, '0'],
          [1020, '20'],
          [1040, '40'],
        ],
      },
      {
        metric: { pod: 'b' },
        values: [
          [1020, '1'],
          [1040, '1'],
        ],
      },
    ]);
  });
});

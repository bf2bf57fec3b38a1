import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './durations';

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000, false],
    ['1.5s', 1500, false],
    ['300ms', 300, false],
    ['1m30s', 90_000, false],
    ['1h', 3_600_000, false],
    ['0.1s', 100, false],
    ['2us', 1, true],
    ['0s', 0, false],
    ['0', 0, false],
  ])('%s = %d ms (rounded: %s)', (s, ms, rounded) => expect(parseDuration(s)).toEqual({ ms, rounded }));

  it.each(['', 'abc', '10', '1x', 's1'])('rejects %j', (s) => expect(parseDuration(s)).toBeUndefined());
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1500, '1s500ms'],
    [90_000, '1m30s'],
    [3_723_004, '1h2m3s4ms'],
    [250, '250ms'],
  ])('%d ms = %s', (ms, s) => expect(formatDuration(ms)).toBe(s));

  it('always matches the Gateway API duration pattern', () => {
    for (const ms of [1, 999, 1000, 59_999, 3_600_001, 86_400_000 * 3])
      expect(formatDuration(ms)).toMatch(/^([0-9]{1,5}(h|m|s|ms)){1,4}$/);
  });
});

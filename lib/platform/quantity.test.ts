import { describe, expect, it } from 'vitest';
import { cpuMillicores, formatCpu, formatMemory, memoryBytes, parseQuantity } from './quantity';

describe('quantities', () => {
  it.each([
    ['100m', 0.1],
    ['2', 2],
    ['1.5', 1.5],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['500M', 5e8],
    ['1e3', 1000],
    ['250000u', 0.25],
    [0.5, 0.5],
  ])('parses %s', (q, want) => {
    expect(parseQuantity(q)).toBeCloseTo(want, 9);
  });

  it.each([['abc'], [''], ['1Qi'], [undefined], [Number.NaN]])('rejects %s', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });

  it('converts to millicores and bytes', () => {
    expect(cpuMillicores('250m')).toBe(250);
    expect(cpuMillicores('1')).toBe(1000);
    expect(memoryBytes('64Mi')).toBe(67108864);
  });

  it('formats for people', () => {
    expect(formatCpu(250)).toBe('250m');
    expect(formatCpu(2000)).toBe('2 cores');
    expect(formatCpu(1250)).toBe('1.25 cores');
    expect(formatMemory(128 * 2 ** 20)).toBe('128 MiB');
    expect(formatMemory(3 * 2 ** 30)).toBe('3 GiB');
  });
});

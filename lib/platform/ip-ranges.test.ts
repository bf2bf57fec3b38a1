import { describe, expect, it } from 'vitest';
import { addresses, inRanges, parseRange, rangeSize } from './ip-ranges';

describe('MetalLB address ranges', () => {
  it.each([
    ['192.168.10.240/29', 8],
    ['192.168.10.240-192.168.10.242', 3],
    ['10.0.0.5', 1],
    ['10.0.0.5/32', 1],
  ])('%s holds %d addresses', (entry, n) => {
    const r = parseRange(entry);
    expect(r).toBeDefined();
    expect(rangeSize(r ? [r] : [], false)).toBe(n);
  });

  it('rejects IPv6 and malformed entries', () => {
    expect(parseRange('fc00:f853:ccd:e799::/124')).toBeUndefined();
    expect(parseRange('10.0.0.300')).toBeUndefined();
    expect(parseRange('10.0.0.9-10.0.0.1')).toBeUndefined();
  });

  it('skips .0 and .255 with avoidBuggyIPs', () => {
    const r = parseRange('10.0.0.0/23');
    expect(r).toBeDefined();
    const ranges = r ? [r] : [];
    expect(rangeSize(ranges, false)).toBe(512);
    expect(rangeSize(ranges, true)).toBe(508);
    expect([...addresses(ranges, true)].length).toBe(508);
    expect([...addresses(ranges, true)][0]).toBe('10.0.0.1');
  });

  it('tells whether an address is in a pool', () => {
    const r = parseRange('192.168.10.240/29');
    expect(inRanges(r ? [r] : [], '192.168.10.247')).toBe(true);
    expect(inRanges(r ? [r] : [], '192.168.10.248')).toBe(false);
  });
});

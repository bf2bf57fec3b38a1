import { describe, expect, it } from 'vitest';
import { dnsLabel, dnsSubdomain, serviceName, shortHash, uniqueName, withSuffix } from './names';

describe('names', () => {
  it.each([
    ['Jason_Rule', 'jason-rule'],
    ['a..b', 'a.b'],
    ['-x-', 'x'],
    ['*.example.com', 'example.com'],
    ['', 'x'],
  ])('dnsSubdomain(%j) = %j', (s, out) => expect(dnsSubdomain(s)).toBe(out));

  it('keeps long names unique and within limits', () => {
    const a = dnsLabel('a'.repeat(70));
    const b = dnsLabel(`${'a'.repeat(69)}b`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(dnsSubdomain('x'.repeat(300)).length).toBeLessThanOrEqual(253);
  });

  it('makes Service names start with a letter', () => {
    expect(serviceName('9lives-v1')).toBe('s-9lives-v1');
    expect(serviceName('reviews-V1')).toBe('reviews-v1');
    expect(serviceName('r'.repeat(80))).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('hands out -2, -3 for taken names', () => {
    const taken = new Set<string>();
    expect([uniqueName('a', taken), uniqueName('a', taken), uniqueName('a', taken)]).toEqual([
      'a',
      'a-2',
      'a-3',
    ]);
    expect(withSuffix('abc', '-2', 4)).toBe('ab-2');
  });

  it('hashes stably', () => expect(shortHash('reviews')).toBe(shortHash('reviews')));
});

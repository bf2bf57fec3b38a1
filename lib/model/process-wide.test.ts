import { describe, expect, it } from 'vitest';
import { processWide } from './process-wide';

describe('processWide', () => {
  it('gives every caller of a key the same value, made once', () => {
    let made = 0;
    const make = () => {
      made += 1;
      return new WeakMap<object, number>();
    };
    const a = processWide('test:one', make);
    const b = processWide('test:one', make);
    expect(a).toBe(b);
    expect(made).toBe(1);
    expect(processWide('test:two', make)).not.toBe(a);
  });
});

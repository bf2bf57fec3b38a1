import { describe, expect, it } from 'vitest';
import { deepEqual } from './objects';

describe('deepEqual', () => {
  it.each([
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ b: 2, a: 1 }, { a: 1, b: 2 }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: [1] }, { a: [1, {}] }, false],
    [{ a: 1 }, { a: '1' }, false],
    [{ a: 1, b: undefined }, { a: 1, c: 2 }, false],
    [{ a: {} }, { a: [] }, false],
    [null, {}, false],
  ])('%j vs %j → %s', (a, b, eq) => {
    expect(deepEqual(a, b)).toBe(eq);
  });
});

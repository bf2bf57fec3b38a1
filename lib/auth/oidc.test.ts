import { describe, expect, it } from 'vitest';
import { needsRefresh, REFRESH_MARGIN_S, safeReturnTo } from './oidc';

describe('needsRefresh', () => {
  it.each([
    [undefined, false],
    [1000 + REFRESH_MARGIN_S + 1, false],
    [1000 + REFRESH_MARGIN_S - 1, true],
    [900, true],
  ])('exp %s at 1000 → %s', (exp, v) => expect(needsRefresh(exp, 1000)).toBe(v));
});

describe('safeReturnTo', () => {
  it.each([
    ['/migration/bookinfo', '/migration/bookinfo'],
    ['https://evil.example', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    [undefined, '/'],
    ['', '/'],
  ])('%s → %s', (v, out) => expect(safeReturnTo(v)).toBe(out));
});

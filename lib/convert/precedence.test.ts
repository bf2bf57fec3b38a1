import { describe, expect, it } from 'vitest';
import type { HTTPRouteMatch } from './gateway-api';
import { compareRank, matchesOverlap, rankOf, segmentPrefix } from './precedence';

const prefix = (value: string): HTTPRouteMatch => ({ path: { type: 'PathPrefix', value } });
const exact = (value: string): HTTPRouteMatch => ({ path: { type: 'Exact', value } });
const regex = (value: string): HTTPRouteMatch => ({ path: { type: 'RegularExpression', value } });

describe('Gateway API match ranking', () => {
  it.each([
    ['Exact beats PathPrefix', exact('/a'), prefix('/a/b/c')],
    ['longer PathPrefix beats shorter', prefix('/api/v1'), prefix('/api')],
    ['method beats no method', { ...prefix('/'), method: 'GET' }, prefix('/')],
    [
      'more headers beat fewer',
      { ...prefix('/'), headers: [{ type: 'Exact', name: 'a', value: '1' }] },
      prefix('/'),
    ],
    [
      'more query params beat fewer',
      { ...prefix('/'), queryParams: [{ type: 'Exact', name: 'a', value: '1' }] },
      prefix('/'),
    ],
    ['regex between Exact and PathPrefix', regex('/a.*'), prefix('/a/b')],
  ] as [string, HTTPRouteMatch, HTTPRouteMatch][])('%s', (_n, hi, lo) => {
    expect(compareRank(rankOf(hi), rankOf(lo))).toBeGreaterThan(0);
    expect(compareRank(rankOf(lo), rankOf(hi))).toBeLessThan(0);
  });

  it('equal matches tie', () => expect(compareRank(rankOf(prefix('/a')), rankOf(prefix('/b')))).toBe(0));
});

describe('overlap', () => {
  it.each([
    [prefix('/'), prefix('/api'), true],
    [prefix('/api'), prefix('/apiv2'), false],
    [exact('/api/x'), prefix('/api'), true],
    [exact('/a'), exact('/b'), false],
    [regex('/users/.*'), prefix('/users'), true],
    [regex('/users/.*'), prefix('/orders'), false],
    [{ ...prefix('/'), method: 'GET' }, { ...prefix('/'), method: 'POST' }, false],
    [
      { ...prefix('/'), headers: [{ type: 'Exact', name: 'v', value: '1' }] },
      { ...prefix('/'), headers: [{ type: 'Exact', name: 'V', value: '2' }] },
      false,
    ],
    [
      { ...prefix('/'), headers: [{ type: 'RegularExpression', name: 'v', value: '[12]' }] },
      { ...prefix('/'), headers: [{ type: 'Exact', name: 'v', value: '2' }] },
      true,
    ],
  ] as [HTTPRouteMatch, HTTPRouteMatch, boolean][])('%o and %o: %s', (a, b, expected) => {
    expect(matchesOverlap(a, b)).toBe(expected);
    expect(matchesOverlap(b, a)).toBe(expected);
  });

  it('segment prefixes', () => {
    expect(segmentPrefix('/api/', '/api')).toBe(true);
    expect(segmentPrefix('/api', '/api/x')).toBe(true);
    expect(segmentPrefix('/api', '/apix')).toBe(false);
  });
});

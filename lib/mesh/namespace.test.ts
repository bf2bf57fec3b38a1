import { describe, expect, it } from 'vitest';
import { nsObj } from './fixtures';
import { namespaceIntent, namespaceState, percentages } from './namespace';
import type { DataplaneCounts } from './workloads';

const counts = (sidecar: number, ambient: number, ambientPending: number, none: number): DataplaneCounts => ({
  sidecar,
  ambient,
  ambientPending,
  none,
  total: sidecar + ambient + ambientPending + none,
});

describe('namespaceState', () => {
  it.each([
    ['no pods, no intent', counts(0, 0, 0, 0), false, false, 'out-of-mesh'],
    ['only unmeshed pods', counts(0, 0, 0, 3), false, false, 'out-of-mesh'],
    ['empty but labelled ambient', counts(0, 0, 0, 0), true, false, 'ambient'],
    ['only sidecars', counts(4, 0, 0, 0), false, false, 'sidecar'],
    ['sidecars plus opted-out pods', counts(4, 0, 0, 1), false, false, 'sidecar'],
    ['only ambient', counts(0, 5, 0, 0), true, false, 'ambient'],
    ['ambient plus a waypoint', counts(0, 5, 0, 1), true, true, 'ambient-l7'],
    ['sidecar and ambient', counts(2, 3, 0, 0), true, false, 'mixed'],
    ['ambient and pending', counts(0, 3, 1, 0), true, false, 'mixed'],
    ['all pending', counts(0, 0, 3, 0), true, false, 'mixed'],
  ] as const)('%s → %s', (_name, c, ambientIntent, usesWaypoint, want) => {
    expect(namespaceState(c, { ambientIntent, usesWaypoint })).toBe(want);
  });
});

describe('percentages', () => {
  it('rounds to one decimal and handles empty namespaces', () => {
    expect(percentages(counts(1, 2, 0, 0))).toEqual({
      sidecar: 33.3,
      ambient: 66.7,
      ambientPending: 0,
      none: 0,
    });
    expect(percentages(counts(0, 0, 0, 0))).toEqual({ sidecar: 0, ambient: 0, ambientPending: 0, none: 0 });
  });
});

describe('namespaceIntent', () => {
  it('reads only the labels that are set', () => {
    const ns = nsObj('a', { 'istio-injection': 'enabled', 'istio.io/use-waypoint': 'wp', team: 'x' });
    expect(namespaceIntent(ns)).toEqual({ injection: 'enabled', useWaypoint: 'wp' });
    expect(namespaceIntent(undefined)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { type NamespaceQuery, queryNamespaces } from './namespace-table';
import type { NamespaceRow } from './summary';

function row(
  name: string,
  state: NamespaceRow['state'],
  sidecar: number,
  ambient: number,
  blockers = 0,
): NamespaceRow {
  const total = sidecar + ambient;
  return {
    name,
    state,
    pods: { sidecar, ambient, ambientPending: 0, none: 0, total },
    percent: {
      sidecar: total ? (100 * sidecar) / total : 0,
      ambient: total ? (100 * ambient) / total : 0,
      ambientPending: 0,
      none: 0,
    },
    waypoint: null,
    waypoints: [],
    intent: {},
    workloads: 1,
    services: 1,
    blockers,
    warnings: 0,
  } as NamespaceRow;
}

const base: NamespaceQuery = { text: '', state: '', sort: 'name', desc: false, page: 0, pageSize: 2 };
const rows = [
  row('shop', 'sidecar', 10, 0, 2),
  row('orders', 'ambient', 0, 5),
  row('batch', 'out-of-mesh', 0, 0),
  row('checkout', 'mixed', 3, 3, 1),
];

describe('queryNamespaces', () => {
  it('sorts by name and pages', () => {
    const r = queryNamespaces(rows, base);
    expect(r.rows.map((x) => x.name)).toEqual(['batch', 'checkout']);
    expect(r.total).toBe(4);
    expect(r.pages).toBe(2);
    expect(queryNamespaces(rows, { ...base, page: 1 }).rows.map((x) => x.name)).toEqual(['orders', 'shop']);
  });

  it('clamps the page', () => {
    expect(queryNamespaces(rows, { ...base, page: 9 }).rows.map((x) => x.name)).toEqual(['orders', 'shop']);
  });

  it('filters by text and state', () => {
    expect(queryNamespaces(rows, { ...base, text: 'OR' }).rows.map((x) => x.name)).toEqual(['orders']);
    expect(queryNamespaces(rows, { ...base, state: 'mixed' }).rows.map((x) => x.name)).toEqual(['checkout']);
  });

  it.each([
    ['blockers', true, ['shop', 'checkout']],
    ['pods', true, ['shop', 'checkout']],
    ['sidecar', false, ['batch', 'orders']],
  ] as const)('sorts by %s (desc=%s)', (sort, desc, want) => {
    expect(queryNamespaces(rows, { ...base, sort, desc }).rows.map((x) => x.name)).toEqual(want);
  });

  it('does not mutate its input', () => {
    const copy = [...rows];
    queryNamespaces(rows, { ...base, sort: 'pods', desc: true });
    expect(rows).toEqual(copy);
  });
});

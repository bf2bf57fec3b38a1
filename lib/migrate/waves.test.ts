import { describe, expect, it } from 'vitest';
import { type Bond, type NamespaceEdge, planWaves, type WaveNamespace } from './waves';

const ns = (name: string, extra: Partial<WaveNamespace> = {}): WaveNamespace => ({
  name,
  done: false,
  blockers: [],
  warnings: 0,
  l7: [],
  pods: { sidecar: 2, ambient: 0, other: 0 },
  ...extra,
});
const call = (from: string, to: string): NamespaceEdge => ({ from, to, origin: 'telemetry' });
const names = (p: ReturnType<typeof planWaves>) => p.waves.map((w) => w.namespaces.map((e) => e.namespace));

describe('planWaves', () => {
  it('moves callers before the namespaces they call, fewest dependants first', () => {
    const p = planWaves(
      [ns('web'), ns('api'), ns('db'), ns('batch')],
      [call('web', 'api'), call('api', 'db'), call('batch', 'db')],
      [],
    );
    expect(names(p)).toEqual([['batch', 'web'], ['api'], ['db']]);
    const api = p.waves[1]?.namespaces[0];
    expect(api?.dependants).toEqual(['web']);
    expect(api?.dependencies).toEqual(['db']);
    expect(api?.reasons[0]).toBe('called by web');
  });

  it('puts namespaces that call each other (a cycle) in one wave, and goes on after it', () => {
    const p = planWaves(
      [ns('a'), ns('b'), ns('c'), ns('d')],
      [call('a', 'b'), call('b', 'c'), call('c', 'b'), call('c', 'd')],
      [],
    );
    expect(names(p)).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(p.waves[1]?.namespaces[0]?.reasons.join(' ')).toMatch(/a cycle/);
  });

  it('handles a cycle through every namespace', () => {
    const p = planWaves([ns('a'), ns('b'), ns('c')], [call('a', 'b'), call('b', 'c'), call('c', 'a')], []);
    expect(names(p)).toEqual([['a', 'b', 'c']]);
  });

  it('keeps namespaces sharing a waypoint in one wave even when one calls the other', () => {
    const bonds: Bond[] = [
      { namespaces: ['orders', 'payments'], reason: 'shares waypoint payments/waypoint' },
    ];
    const p = planWaves(
      [ns('front'), ns('orders'), ns('payments')],
      [call('front', 'orders'), call('orders', 'payments')],
      bonds,
    );
    expect(names(p)).toEqual([['front'], ['orders', 'payments']]);
    expect(p.waves[1]?.namespaces[0]?.reasons).toContain(
      'moves with payments: shares waypoint payments/waypoint',
    );
  });

  it('holds back blocked namespaces and whatever is bonded to them', () => {
    const bonds: Bond[] = [{ namespaces: ['legacy', 'reports'], reason: 'cross-namespace route' }];
    const p = planWaves(
      [
        ns('legacy', { blockers: ['EnvoyFilter/legacy/lua: not applied on waypoints'] }),
        ns('reports'),
        ns('shop'),
      ],
      [call('shop', 'legacy')],
      bonds,
    );
    expect(names(p)).toEqual([['shop']]);
    expect(p.blocked.map((b) => b.namespace)).toEqual(['legacy', 'reports']);
    expect(p.blocked[0]?.blockers).toHaveLength(1);
    expect(p.blocked[1]?.reasons[0]).toBe('held back with legacy, which has blockers');
  });

  it('lists namespaces already in ambient as done, not in a wave', () => {
    const p = planWaves([ns('old', { done: true }), ns('new')], [call('old', 'new')], []);
    expect(p.done).toEqual(['old']);
    expect(names(p)).toEqual([['new']]);
  });

  it('splits a wide level by maxPerWave without splitting a bonded group', () => {
    const bonds: Bond[] = [{ namespaces: ['b', 'c'], reason: 'shares waypoint b/waypoint' }];
    const p = planWaves([ns('a'), ns('b'), ns('c'), ns('d')], [], bonds, { maxPerWave: 2 });
    expect(names(p)).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(p.waves.map((w) => w.index)).toEqual([1, 2, 3]);
  });

  it('says why a namespace needs a waypoint or not', () => {
    const p = planWaves([ns('a', { l7: ['2 VirtualService(s)'], warnings: 1 })], [], []);
    expect(p.waves[0]?.namespaces[0]?.reasons).toEqual([
      'no namespace calls it',
      'needs a waypoint: 2 VirtualService(s)',
      '1 warning to read',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { TrafficCheck } from '../migrate';
import type { MigrationNamespaceView, RecordSummary } from '../views/migration';
import { verdictDueIn } from './use-migration';

const NOW = Date.parse('2026-01-01T12:00:00Z');

const record = (id: string, traffic?: TrafficCheck): RecordSummary => ({
  id,
  namespace: 'shop',
  step: 'use-waypoint',
  seq: 1,
  who: 'demo-admin',
  when: '2026-01-01T11:59:50Z',
  status: 'applied',
  changes: [],
  ...(traffic ? { traffic } : {}),
});

const view = (records: RecordSummary[]) => ({ records }) as unknown as MigrationNamespaceView;
const measuring = (until: string): TrafficCheck => ({ status: 'measuring', detail: '', until });

describe('verdictDueIn', () => {
  it.each([
    ['no view', undefined, false],
    ['no record measuring', view([record('a'), record('b', { status: 'unavailable', detail: 'x' })]), false],
    [
      'the earliest measuring record, plus half a second',
      view([record('a', measuring('2026-01-01T12:00:20Z')), record('b', measuring('2026-01-01T12:00:10Z'))]),
      10_500,
    ],
    ['at least a second when already due', view([record('a', measuring('2026-01-01T11:59:00Z'))]), 1000],
    ['at least a second for an unreadable time', view([record('a', measuring('soon'))]), 1000],
  ])('%s', (_, v, expected) => {
    expect(verdictDueIn(v, NOW)).toBe(expected);
  });
});

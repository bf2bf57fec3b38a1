import { describe, expect, it } from 'vitest';
import { RECORD_LABEL } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import {
  listRecords,
  listRecordsWithTrust,
  type MigrationRecord,
  nextSeq,
  parseRecord,
  RECORD_KEY,
  RECORD_LIMIT_BYTES,
  RECORD_SIGNATURE_ANNOTATION,
  RecordTooLargeError,
  recordConfigMap,
  recordName,
  recordTrust,
  signedRecordConfigMap,
} from './records';
import { resourcesOf } from './test-fixtures';

function record(ns: string, seq: number, extra: Partial<MigrationRecord> = {}): MigrationRecord {
  return {
    id: `${ns}/${recordName('enable-ambient', seq)}`,
    namespace: ns,
    step: 'enable-ambient',
    seq,
    who: 'alice',
    when: '2026-03-01T10:00:00.000Z',
    status: 'applied',
    confirm: 'enable-ambient:1:abc',
    changes: [
      {
        action: 'patch',
        ref: `Namespace/${ns}`,
        target: { apiVersion: 'v1', kind: 'Namespace', name: ns },
        change: 'update',
        status: 'done',
        patch: { metadata: { labels: { a: 'b' } } },
        summary: '+1 -0',
      },
    ],
    prior: [
      {
        ref: `Namespace/${ns}`,
        target: { apiVersion: 'v1', kind: 'Namespace', name: ns },
        existed: true,
        object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      },
    ],
    ...extra,
  };
}

describe('records', () => {
  it('round-trips through a labelled ConfigMap', () => {
    const r = record('shop', 3);
    const cm = recordConfigMap(r);
    expect(cm.metadata).toMatchObject({
      name: 'mesh-migrator-record-enable-ambient-0003',
      namespace: 'shop',
    });
    expect(cm.metadata.labels?.[RECORD_LABEL]).toBe('true');
    expect(parseRecord(cm)).toEqual(r);
  });

  it('lists records per namespace in order and skips unreadable ones', () => {
    const broken: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'shop', labels: { [RECORD_LABEL]: 'true' } },
      data: { [RECORD_KEY]: '{nope' },
    };
    const unlabelled = { ...recordConfigMap(record('shop', 9)), metadata: { name: 'y', namespace: 'shop' } };
    const resources = resourcesOf(
      recordConfigMap(record('shop', 2)),
      recordConfigMap(record('shop', 1)),
      recordConfigMap(record('other', 1)),
      broken,
      unlabelled,
    );
    expect(listRecords(resources, 'shop').map((r) => r.seq)).toEqual([1, 2]);
    expect(listRecords(resources).map((r) => r.id)).toEqual([
      'other/mesh-migrator-record-enable-ambient-0001',
      'shop/mesh-migrator-record-enable-ambient-0001',
      'shop/mesh-migrator-record-enable-ambient-0002',
    ]);
    expect(nextSeq(resources, 'shop')).toBe(3);
    expect(nextSeq(resources, 'empty')).toBe(1);
  });

  it('drops diff summaries first when too large, then refuses with a clear error', () => {
    const big = 'x'.repeat(RECORD_LIMIT_BYTES / 20);
    const summaries = record('shop', 1, {
      changes: Array.from(
        { length: 25 },
        (_, i) =>
          ({
            ...record('shop', 1).changes[0],
            ref: `r${i}`,
            summary: big,
          }) as MigrationRecord['changes'][number],
      ),
    });
    const trimmed = parseRecord(recordConfigMap(summaries));
    expect(trimmed?.changes).toHaveLength(25);
    expect(trimmed?.changes[0]?.summary).toBeUndefined();
    const prior = record('shop', 1, {
      prior: Array.from({ length: 25 }, (_, i) => ({
        ref: `r${i}`,
        target: { apiVersion: 'v1', kind: 'ConfigMap', name: `c${i}` },
        existed: true,
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { k: big } },
      })),
    });
    expect(() => recordConfigMap(prior)).toThrow(RecordTooLargeError);
    expect(() => recordConfigMap(prior)).toThrow(/KiB.*export the plan as files/);
  });
});

describe('record signatures', () => {
  const signer = {
    sign: (input: string) => `sig(${input.length}:${input.slice(-8)})`,
    verify: (input: string, sig: string) => sig === `sig(${input.length}:${input.slice(-8)})`,
  };
  const cm = () => recordConfigMap(record('bookinfo', 1));

  it('a signed record is trusted', () => {
    expect(recordTrust(signedRecordConfigMap(cm(), signer), signer)).toBe('trusted');
    expect(signedRecordConfigMap(cm(), signer).metadata.annotations?.[RECORD_SIGNATURE_ANNOTATION]).toMatch(
      /^v1:/,
    );
  });

  it('an unsigned record is not', () => {
    expect(recordTrust(cm(), signer)).toBe('unsigned');
  });

  it('a record changed after signing is altered', () => {
    const signed = signedRecordConfigMap(cm(), signer);
    const json = (signed.data?.[RECORD_KEY] ?? '').replace('alice', 'mallory');
    expect(recordTrust({ ...signed, data: { [RECORD_KEY]: json } }, signer)).toBe('altered');
  });

  it('a signed record copied to another name or namespace is altered', () => {
    const signed = signedRecordConfigMap(cm(), signer);
    expect(recordTrust({ ...signed, metadata: { ...signed.metadata, namespace: 'shop' } }, signer)).toBe(
      'altered',
    );
  });

  it('listRecordsWithTrust says which is which', () => {
    const a = signedRecordConfigMap(recordConfigMap(record('bookinfo', 1)), signer);
    const b = recordConfigMap(record('bookinfo', 2));
    const r = listRecordsWithTrust(resourcesOf(a, b), signer, 'bookinfo');
    expect(r.map((x) => [x.record.seq, x.trust])).toEqual([
      [1, 'trusted'],
      [2, 'unsigned'],
    ]);
  });
});

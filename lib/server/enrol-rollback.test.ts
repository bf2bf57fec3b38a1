import { describe, expect, it } from 'vitest';
import { checkConfirmation, issueConfirmation } from './confirm';
import { enrolRollbackBinding, recordNamespaces } from './enrol-rollback';

const ids = [
  'shop/mesh-migrator-record-enable-ambient-1',
  'shop/mesh-migrator-record-restart-workloads-2',
  'blog/mesh-migrator-record-enable-ambient-3',
];
const bound = (over: Partial<{ json: string; label: string }> = {}) => ({
  bound: {
    recordIds: ids,
    records: ids.map((id) => ({ id, json: over.json ?? `{"id":"${id}"}` })),
    live: [
      {
        ref: 'Namespace/shop',
        object: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'shop', labels: { a: over.label ?? '1' } },
        },
      },
    ],
  },
});
/** What the rollback route checks a confirmation against, for `recordIds` and what it reads now. */
const expectFor = (u: string, recordIds: string[], read = bound()) => ({
  u,
  ...enrolRollbackBinding(recordIds, read),
  force: false,
});
const issued = issueConfirmation({ u: 'alice', ...enrolRollbackBinding(ids, bound()), f: false });

describe('the confirmation of an enrolment rollback', () => {
  it('is accepted for the same user, the same ordered records and the same reading', () => {
    expect(checkConfirmation(issued, expectFor('alice', ids))).toMatchObject({ ok: true });
  });

  it.each([
    ['another user', expectFor('mallory', ids), 403, /another user/],
    [
      'fewer records in the same namespaces',
      expectFor('alice', [ids[0] ?? '', ids[2] ?? '']),
      403,
      /other records/,
    ],
    [
      'the same records in another order',
      expectFor('alice', [ids[1] ?? '', ids[0] ?? '', ids[2] ?? '']),
      403,
      /other records/,
    ],
    [
      'records of another namespace',
      expectFor('alice', ['team-c/mesh-migrator-record-x']),
      403,
      /not enrol-rollback in team-c/,
    ],
    [
      'a record stored differently since',
      expectFor('alice', ids, bound({ json: '{}' })),
      409,
      /no longer what the preview showed/,
    ],
    [
      'a live object changed since',
      expectFor('alice', ids, bound({ label: '2' })),
      409,
      /no longer what the preview showed/,
    ],
  ] as const)('is refused for %s', (_what, expect_, status, error) => {
    expect(checkConfirmation(issued, expect_)).toMatchObject({
      ok: false,
      status,
      error: expect.stringMatching(error),
    });
  });

  it('is not the confirmation of a single-step rollback, nor the other way round', () => {
    const step = issueConfirmation({ u: 'alice', ns: 'shop', step: 'rollback', d: 'x', f: false });
    expect(checkConfirmation(step, expectFor('alice', ids))).toMatchObject({ ok: false, status: 403 });
    const back = checkConfirmation(issued, {
      u: 'alice',
      ns: 'shop,blog',
      step: 'rollback',
      d: 'x',
      force: false,
    });
    expect(back).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/not rollback in/) });
  });

  it('names each namespace once, in order', () => {
    expect(recordNamespaces(ids)).toEqual(['shop', 'blog']);
  });
});

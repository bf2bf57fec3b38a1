import { describe, expect, it } from 'vitest';
import {
  CONFIRM_TTL_S,
  checkConfirmation,
  digestOf,
  issueConfirmation,
  markUsed,
  recordSigner,
} from './confirm';

const base = { u: 'alice', ns: 'bookinfo', step: 'enable-ambient', d: digestOf({ a: 1 }), f: false };
const expectFor = (over: Partial<typeof base & { force: boolean }> = {}) => ({
  u: base.u,
  ns: base.ns,
  step: base.step,
  d: base.d,
  force: false,
  ...over,
});

describe('confirmations', () => {
  it('accepts its own confirmation for the same user, namespace, step and changes', () => {
    const r = checkConfirmation(issueConfirmation(base), expectFor());
    expect(r.ok).toBe(true);
  });

  it.each([
    ['another user', { u: 'mallory' }, 403, /another user/],
    ['another namespace', { ns: 'shop' }, 403, /not enable-ambient in shop/],
    ['another step', { step: 'cleanup' }, 403, /not cleanup/],
    ['changed changes', { d: digestOf({ a: 2 }) }, 409, /no longer what the preview showed/],
  ] as const)('refuses it for %s', (_what, over, status, msg) => {
    const r = checkConfirmation(issueConfirmation(base), expectFor(over));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe(status);
      expect(r.error).toMatch(msg);
    }
  });

  it('refuses a token it did not sign (the old unkeyed form, a forged or edited one)', () => {
    const good = issueConfirmation(base);
    const [body] = good.split('.');
    const claims = JSON.parse(Buffer.from(body as string, 'base64url').toString());
    const edited = `${Buffer.from(JSON.stringify({ ...claims, u: 'mallory' })).toString('base64url')}.${good.split('.')[1]}`;
    for (const t of ['enable-ambient:1:abc123', `${body}.AAAA`, edited]) {
      const r = checkConfirmation(t, expectFor({ u: 'mallory' }));
      expect(r).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('expires', () => {
    const now = Date.now() / 1000;
    const t = issueConfirmation(base, now - CONFIRM_TTL_S - 1);
    expect(checkConfirmation(t, expectFor(), now)).toMatchObject({
      ok: false,
      status: 409,
      error: expect.stringMatching(/expired/),
    });
  });

  it('after conflicts or dry-run errors, only the force path accepts it', () => {
    const t = issueConfirmation({ ...base, f: true });
    expect(checkConfirmation(t, expectFor())).toMatchObject({
      ok: false,
      status: 409,
      error: expect.stringMatching(/force path/),
    });
    expect(checkConfirmation(t, expectFor({ force: true })).ok).toBe(true);
  });

  it('is used once', () => {
    expect(markUsed('n-1', Date.now() / 1000 + 60)).toBe(true);
    expect(markUsed('n-1', Date.now() / 1000 + 60)).toBe(false);
    expect(markUsed('n-2', Date.now() / 1000 + 60)).toBe(true);
  });

  it('digests equal content equally, whatever the key order', () => {
    expect(digestOf({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(digestOf({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(digestOf({ a: 1 })).not.toBe(digestOf({ a: 2 }));
  });
});

describe('recordSigner', () => {
  it('verifies what it signed and nothing else', () => {
    const sig = recordSigner.sign('record');
    expect(recordSigner.verify('record', sig)).toBe(true);
    expect(recordSigner.verify('record!', sig)).toBe(false);
    expect(recordSigner.verify('record', 'forged')).toBe(false);
  });
});

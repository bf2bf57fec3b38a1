import { describe, expect, it } from 'vitest';
import { cookieHeader, newSession, openSession, readCookie, sealSession } from './session';

describe('sessions', () => {
  it('round-trip through the encrypted cookie', async () => {
    const s = newSession('token', { username: 'alice', groups: ['dev'] }, { token: 'secret-token' });
    const sealed = await sealSession(s, 60);
    expect(sealed).not.toContain('secret-token');
    expect(sealed).not.toContain('alice');
    expect(await openSession(sealed)).toEqual(s);
  });

  it('an altered, expired or foreign cookie is no session', async () => {
    const sealed = await sealSession(newSession('token', { username: 'alice', groups: [] }), 60);
    const flipped = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(await openSession(flipped)).toBeUndefined();
    expect(await openSession('not-a-jwe')).toBeUndefined();
    expect(
      await openSession(await sealSession(newSession('token', { username: 'a', groups: [] }), -10)),
    ).toBeUndefined();
  });

  it('each session has its own CSRF token', () => {
    const a = newSession('local', { username: '', groups: [] });
    const b = newSession('local', { username: '', groups: [] });
    expect(a.csrf).not.toBe(b.csrf);
    expect(a.csrf.length).toBeGreaterThanOrEqual(32);
  });

  it('cookies are HttpOnly, SameSite=Strict, Secure unless on loopback', () => {
    expect(cookieHeader('mm_session', 'v', { secure: true, maxAge: 60 })).toBe(
      'mm_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure',
    );
    expect(cookieHeader('mm_session', 'v', { secure: false, maxAge: 60 })).not.toContain('Secure');
  });

  it('reads one cookie of a Cookie header', () => {
    expect(readCookie('a=1; mm_session=x.y=z; b=2', 'mm_session')).toBe('x.y=z');
    expect(readCookie('a=1', 'mm_session')).toBeUndefined();
    expect(readCookie(null, 'mm_session')).toBeUndefined();
  });
});

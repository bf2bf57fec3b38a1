import { describe, expect, it } from 'vitest';
import { authConfig } from './config';
import { resolveRequest } from './identity';
import { newSession, readCookie, SESSION_COOKIE, sealSession } from './session';

const loop = { MESH_MIGRATOR_BIND: '127.0.0.1' };
const cookie = async (s: Parameters<typeof sealSession>[0]) =>
  `${SESSION_COOKIE}=${await sealSession(s, 60)}`;

describe('resolveRequest', () => {
  it('local mode: the machine’s one user, acting with the kubeconfig', async () => {
    const r = await resolveRequest(new Headers(), authConfig(loop));
    expect(r.user?.mode).toBe('local');
    expect(r.credential).toEqual({ kind: 'server' });
  });

  it('token mode: no session, no user', async () => {
    const cfg = authConfig({ ...loop, MESH_MIGRATOR_AUTH: 'token' });
    const r = await resolveRequest(new Headers(), cfg);
    expect(r.user).toBeUndefined();
    expect(r.reason).toMatch(/log in/);
  });

  it('token mode: the session’s token is the credential', async () => {
    const cfg = authConfig({ ...loop, MESH_MIGRATOR_AUTH: 'token' });
    const s = newSession('token', { username: 'team', groups: ['system:authenticated'] }, { token: 't0k' });
    const r = await resolveRequest(new Headers({ cookie: await cookie(s) }), cfg);
    expect(r.user).toMatchObject({ username: 'team', mode: 'token' });
    expect(r.credential).toEqual({ kind: 'bearer', token: 't0k' });
  });

  it('a session of another mode does not count', async () => {
    const cfg = authConfig({ ...loop, MESH_MIGRATOR_AUTH: 'token' });
    const s = newSession('local', { username: '', groups: [] });
    expect((await resolveRequest(new Headers({ cookie: await cookie(s) }), cfg)).user).toBeUndefined();
  });

  it('oidc mode: an ID token about to expire without a refresh token ends the session', async () => {
    const cfg = authConfig({
      ...loop,
      MESH_MIGRATOR_AUTH: 'oidc',
      MESH_MIGRATOR_OIDC_ISSUER: 'https://id.example.com',
      MESH_MIGRATOR_OIDC_CLIENT_ID: 'mm',
      MESH_MIGRATOR_OIDC_REDIRECT_URI: 'http://127.0.0.1/api/auth/oidc/callback',
    });
    const s = newSession(
      'oidc',
      { username: 'alice', groups: [] },
      { token: 'id', tokenExp: Date.now() / 1000 + 10 },
    );
    const r = await resolveRequest(new Headers({ cookie: await cookie(s) }), cfg);
    expect(r.user).toBeUndefined();
    expect(r.reason).toMatch(/expired/);
    const fresh = { ...s, tokenExp: Date.now() / 1000 + 3600 };
    expect((await resolveRequest(new Headers({ cookie: await cookie(fresh) }), cfg)).credential).toEqual({
      kind: 'bearer',
      token: 'id',
    });
  });

  describe('proxy mode', () => {
    const cfg = authConfig({
      MESH_MIGRATOR_BIND: '0.0.0.0',
      MESH_MIGRATOR_ALLOWED_HOSTS: 'mm.example.com',
      MESH_MIGRATOR_AUTH: 'proxy',
      MESH_MIGRATOR_PROXY_SECRET: 'a-long-shared-secret',
    });

    it('ignores user headers that did not come through the proxy', async () => {
      const r = await resolveRequest(new Headers({ 'x-forwarded-user': 'admin' }), cfg);
      expect(r.user).toBeUndefined();
      const wrong = await resolveRequest(
        new Headers({ 'x-forwarded-user': 'admin', 'x-mesh-migrator-proxy-secret': 'a-long-shared-secreT' }),
        cfg,
      );
      expect(wrong.user).toBeUndefined();
    });

    it('acts as the proxy’s user by impersonation, with a session for CSRF', async () => {
      const r = await resolveRequest(
        new Headers({
          'x-forwarded-user': 'alice@example.com',
          'x-forwarded-groups': 'dev, ops',
          'x-mesh-migrator-proxy-secret': 'a-long-shared-secret',
        }),
        cfg,
      );
      expect(r.user).toMatchObject({ username: 'alice@example.com', groups: ['dev', 'ops'], mode: 'proxy' });
      expect(r.credential).toEqual({ kind: 'impersonate' });
      expect(r.setCookies).toHaveLength(1);
      expect(readCookie(r.setCookies[0]?.split(';')[0] ?? '', SESSION_COOKIE)).toBeTruthy();
    });

    it('a session of another proxy user is replaced', async () => {
      const s = newSession('proxy', { username: 'bob', groups: [] });
      const r = await resolveRequest(
        new Headers({
          cookie: await cookie(s),
          'x-forwarded-user': 'alice',
          'x-mesh-migrator-proxy-secret': 'a-long-shared-secret',
        }),
        cfg,
      );
      expect(r.session?.user.username).toBe('alice');
      expect(r.session?.csrf).not.toBe(s.csrf);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { AuthConfigError, authConfig, bindHostOf, isLoopbackHost } from './config';

describe('bindHostOf', () => {
  it.each([
    [{}, ['next', 'start', '-H', '127.0.0.1'], '127.0.0.1'],
    [{}, ['next', 'start', '--hostname=0.0.0.0'], '0.0.0.0'],
    [{ HOST: '::1' }, [], '::1'],
    [{ MESH_MIGRATOR_BIND: '10.0.0.1', HOST: '127.0.0.1' }, ['-H', '127.0.0.1'], '10.0.0.1'],
    [{}, ['next', 'start'], '0.0.0.0'],
  ])('%j %j → %s', (env, argv, host) => {
    expect(bindHostOf(env, argv)).toBe(host);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.3.4.5', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['dashboard.example.com', false],
  ])('%s → %s', (h, v) => expect(isLoopbackHost(h)).toBe(v));
});

describe('authConfig', () => {
  const loop = { MESH_MIGRATOR_BIND: '127.0.0.1' };
  const net = { MESH_MIGRATOR_BIND: '0.0.0.0', MESH_MIGRATOR_ALLOWED_HOSTS: 'mm.example.com' };

  it('is local with no login on loopback by default', () => {
    const c = authConfig(loop);
    expect(c).toMatchObject({ mode: 'local', loopback: true, secureCookies: false, readOnlyPolicy: false });
    expect(c.warning).toBeUndefined();
  });

  it('refuses local mode on a network address', () => {
    expect(() => authConfig(net)).toThrow(AuthConfigError);
    expect(() => authConfig(net)).toThrow(/not a loopback address/);
    expect(() => authConfig({ ...net, MESH_MIGRATOR_AUTH: 'local' })).toThrow(/MESH_MIGRATOR_AUTH=none/);
  });

  it('runs without login on a network address only when told to, with a warning', () => {
    const c = authConfig({ ...net, MESH_MIGRATOR_AUTH: 'none' });
    expect(c.mode).toBe('none');
    expect(c.warning).toMatch(/anyone who reaches this server/);
    expect(c.secureCookies).toBe(true);
  });

  it('needs the served host names off loopback', () => {
    expect(() => authConfig({ MESH_MIGRATOR_BIND: '0.0.0.0', MESH_MIGRATOR_AUTH: 'token' })).toThrow(
      /MESH_MIGRATOR_ALLOWED_HOSTS/,
    );
    expect(authConfig({ ...net, MESH_MIGRATOR_AUTH: 'token' }).allowedHosts).toEqual(['mm.example.com']);
  });

  it('rejects an unknown mode', () => {
    expect(() => authConfig({ ...loop, MESH_MIGRATOR_AUTH: 'basic' })).toThrow(
      /one of local, none, token, oidc, proxy/,
    );
  });

  it('reads the read-only policy', () => {
    expect(authConfig({ ...loop, MESH_MIGRATOR_READ_ONLY: 'true' }).readOnlyPolicy).toBe(true);
  });

  it('needs issuer, client id and redirect URI for oidc', () => {
    expect(() => authConfig({ ...loop, MESH_MIGRATOR_AUTH: 'oidc' })).toThrow(/MESH_MIGRATOR_OIDC_ISSUER/);
    const c = authConfig({
      ...loop,
      MESH_MIGRATOR_AUTH: 'oidc',
      MESH_MIGRATOR_OIDC_ISSUER: 'https://id.example.com',
      MESH_MIGRATOR_OIDC_CLIENT_ID: 'mesh-migrator',
      MESH_MIGRATOR_OIDC_REDIRECT_URI: 'http://127.0.0.1:3000/api/auth/oidc/callback',
    });
    expect(c.oidc).toMatchObject({ issuer: 'https://id.example.com', clientId: 'mesh-migrator' });
    expect(c.oidc?.scopes).toContain('openid');
  });

  it('trusts proxy headers only with a shared secret or on loopback', () => {
    expect(() => authConfig({ ...net, MESH_MIGRATOR_AUTH: 'proxy' })).toThrow(/MESH_MIGRATOR_PROXY_SECRET/);
    expect(() =>
      authConfig({ ...net, MESH_MIGRATOR_AUTH: 'proxy', MESH_MIGRATOR_PROXY_SECRET: 'short' }),
    ).toThrow(/16\+ characters/);
    expect(() =>
      authConfig({ ...net, MESH_MIGRATOR_AUTH: 'proxy', MESH_MIGRATOR_PROXY_TRUST: 'loopback' }),
    ).toThrow(/loopback only/);
    const c = authConfig({
      ...net,
      MESH_MIGRATOR_AUTH: 'proxy',
      MESH_MIGRATOR_PROXY_SECRET: 'a-long-shared-secret',
    });
    expect(c.proxy).toEqual({
      trust: 'secret',
      secret: 'a-long-shared-secret',
      userHeader: 'x-forwarded-user',
      groupsHeader: 'x-forwarded-groups',
      secretHeader: 'x-mesh-migrator-proxy-secret',
    });
    expect(
      authConfig({ ...loop, MESH_MIGRATOR_AUTH: 'proxy', MESH_MIGRATOR_PROXY_TRUST: 'loopback' }).proxy
        ?.trust,
    ).toBe('loopback');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { newSession, SESSION_COOKIE, sealSession } from '../auth/session';
import { ApiError } from '../k8s/errors';
import { reloadServerAuth } from './auth';
import { BodyTooLargeError } from './guards';
import { errorResponse, route } from './handler';

const ORIGIN = 'http://127.0.0.1:3000';

describe('route()', () => {
  let cookie = '';
  let csrf = '';
  beforeAll(async () => {
    process.env.MESH_MIGRATOR_CLUSTER = 'demo';
    process.env.MESH_MIGRATOR_BIND = '127.0.0.1';
    process.env.MESH_MIGRATOR_AUTH = 'local';
    reloadServerAuth();
    const s = newSession('local', { username: '', groups: [] }, { readOnly: true });
    csrf = s.csrf;
    cookie = `${SESSION_COOKIE}=${await sealSession(s, 60)}`;
  });

  const seen: string[] = [];
  const handler = route({ write: true }, async (ctx, req) => {
    seen.push(`${ctx.user.username} ${(await req.json()).x} ${ctx.writer.info().readOnly}`);
    return Response.json({ ok: true });
  });
  const post = (headers: Record<string, string>, body = '{"x":1}') =>
    handler(
      new Request(`${ORIGIN}/api/x`, {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', origin: ORIGIN, 'content-type': 'application/json', ...headers },
        body,
      }),
    );

  it('runs the handler with the user and their view of the cluster', async () => {
    const res = await post({ cookie, 'x-csrf-token': csrf });
    expect(res.status).toBe(200);
    // The session's read-only switch reaches the writer.
    expect(seen.at(-1)).toBe('demo-admin 1 true');
  });

  it.each([
    [{ 'content-type': 'text/plain' }, 415],
    [{ origin: 'http://evil.example' }, 403],
    [{ host: 'evil.example' }, 403],
    [{ 'x-csrf-token': 'nope' }, 403],
    [{ 'content-length': String(2 * 1024 * 1024) }, 413],
  ])('refuses %j with %i before the handler runs', async (over, status) => {
    const before = seen.length;
    const res = await post({ cookie, 'x-csrf-token': csrf, ...over });
    expect(res.status).toBe(status);
    expect(seen.length).toBe(before);
  });

  it('refuses a write without a session (no CSRF token to check)', async () => {
    expect((await post({})).status).toBe(403);
  });
});

describe('errorResponse', () => {
  it.each([
    [new ApiError('forbidden', { status: 403 }), 403],
    [new ApiError('conflict', { status: 409 }), 409],
    [new ApiError('cannot reach', { status: 0, reason: 'Unreachable' }), 503],
    [new BodyTooLargeError('too big'), 413],
  ])('%s → %i', async (e, status) => {
    const res = errorResponse(e);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toBe(e.message);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { newSession, SESSION_COOKIE, sealSession } from '../auth/session';
import { reloadServerAuth } from '../server/auth';
import { route } from '../server/handler';
import { ApplyBody, PreviewBody, type StepParams } from '../views/migration-params';
import { stepRequest } from './step-request';

const ORIGIN = 'http://127.0.0.1:3000';

// The parser behind a route, as the preview and apply handlers use it, on the demo cluster.
function handlerOf(schema: z.ZodType<StepParams>, writes: boolean) {
  return route<{ ns: string }>({ write: true }, async (ctx, req, { ns }) => {
    const parsed = await stepRequest(ctx, req, ns, schema, { writes });
    if (!parsed.ok) return parsed.res;
    const { plan, body } = parsed;
    return Response.json({ ns: plan.namespace, steps: plan.steps.map((s) => s.id), body });
  });
}

describe('stepRequest()', () => {
  const sessions = { rw: { cookie: '', csrf: '' }, ro: { cookie: '', csrf: '' } };
  beforeAll(async () => {
    process.env.MESH_MIGRATOR_CLUSTER = 'demo';
    process.env.MESH_MIGRATOR_BIND = '127.0.0.1';
    process.env.MESH_MIGRATOR_AUTH = 'local';
    reloadServerAuth();
    for (const [k, readOnly] of [
      ['rw', false],
      ['ro', true],
    ] as const) {
      const s = newSession('local', { username: '', groups: [] }, { readOnly });
      sessions[k] = { csrf: s.csrf, cookie: `${SESSION_COOKIE}=${await sealSession(s, 60)}` };
    }
  });

  const call = async (
    schema: z.ZodType<StepParams>,
    opts: { writes: boolean; ns: string; body: string; session: 'rw' | 'ro' },
  ) => {
    const { cookie, csrf } = sessions[opts.session];
    const res = await handlerOf(schema, opts.writes)(
      new Request(`${ORIGIN}/api/migration/${opts.ns}/x`, {
        method: 'POST',
        headers: {
          host: '127.0.0.1:3000',
          origin: ORIGIN,
          'content-type': 'application/json',
          cookie,
          'x-csrf-token': csrf,
        },
        body: opts.body,
      }),
      { params: Promise.resolve({ ns: opts.ns }) },
    );
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  // A read-only session previews too: a dry run writes nothing.
  it.each(['rw', 'ro'] as const)(
    'gives the body with its defaults and the plan (%s session)',
    async (session) => {
      const r = await call(PreviewBody, {
        writes: false,
        ns: 'shop',
        body: '{"step":"deploy-waypoint"}',
        session,
      });
      expect(r.status).toBe(200);
      expect(r.json.ns).toBe('shop');
      expect(r.json.steps).toContain('deploy-waypoint');
      expect(r.json.body).toEqual({
        step: 'deploy-waypoint',
        gatewayClass: 'istio',
        certificates: 'reference-grant',
        target: 'istio',
      });
    },
  );

  it.each([
    ['a namespace that is not a DNS label', 'Shop_1', '{"step":"deploy-waypoint"}', 'rw', 400, /DNS label/],
    ['a bad namespace before read-only', '-x', '{}', 'ro', 400, /DNS label/],
    [
      'writes off for the session',
      'shop',
      '{"step":"deploy-waypoint","confirm":"c"}',
      'ro',
      403,
      /nothing was changed/,
    ],
    ['a body that is not JSON', 'shop', '{"step":', 'rw', 400, /invalid request: the body is not JSON/],
    ['an unknown step', 'shop', '{"step":"drop-everything","confirm":"c"}', 'rw', 400, /step/],
    ['a missing confirmation', 'shop', '{"step":"deploy-waypoint"}', 'rw', 400, /preview the step first/],
    [
      'a gateway class that is no DNS name',
      'shop',
      '{"step":"deploy-waypoint","confirm":"c","gatewayClass":"A B"}',
      'rw',
      400,
      /gatewayClass/,
    ],
  ] as const)('an apply refuses %s', async (_, ns, body, session, status, reason) => {
    const r = await call(ApplyBody, { writes: true, ns, body, session });
    expect(r.status).toBe(status);
    expect(String(r.json.error)).toMatch(reason);
  });
});

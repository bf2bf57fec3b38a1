import { type APIRequestContext, expect, test } from '@playwright/test';
import { apiPost, applyDemoYaml, csrfOf } from './pages/api';

// What an attacker (or a broken client) sends to the write routes of the running server: each is
// refused with a 4xx and a reason, never a 500, and nothing is written.

/** POSTs a write with the session's CSRF token; its status and JSON answer. */
const poster = (request: APIRequestContext, base: string) => async (path: string, body: unknown) => {
  const res = await apiPost(request, base, path, body);
  type Answer = Record<string, unknown> & { error?: string; confirm?: string; recordId?: string };
  return { status: res.status(), body: (await res.json()) as Answer };
};

const WRITES: [string, unknown][] = [
  ['/api/migration/shop/preview', { step: 'deploy-waypoint' }],
  ['/api/migration/shop/apply', { step: 'deploy-waypoint', confirm: 'x' }],
  ['/api/migration/shop/rollback/preview', { recordId: 'shop/x' }],
  ['/api/migration/shop/rollback', { recordId: 'shop/x', confirm: 'x' }],
  ['/api/enrol/preview', { namespaces: ['shop'] }],
  ['/api/enrol/apply', { namespaces: ['shop'], confirm: 'x' }],
  ['/api/enrol/rollback/preview', { recordIds: ['shop/x'] }],
  ['/api/enrol/rollback', { recordIds: ['shop/x'], confirm: 'x' }],
  ['/api/demo/apply', { yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: attacker}\n' }],
  ['/api/cluster', { action: 'readOnly', value: true }],
];

test('forged requests to every write route are refused with a reason, and nothing is written', async ({
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? '').origin;
  const csrf = await csrfOf(request);
  const json = { 'content-type': 'application/json', origin, 'x-csrf-token': csrf };
  const attempts: [string, Record<string, string>, string | Buffer, number, RegExp][] = [
    ['another origin', { ...json, origin: 'http://evil.example' }, '{}', 403, /not this dashboard/],
    ['no CSRF token', { 'content-type': 'application/json', origin }, '{}', 403, /CSRF/],
    ['a form post', { ...json, 'content-type': 'text/plain' }, '{}', 415, /Content-Type/],
    ['a body over 1 MiB', json, JSON.stringify({ pad: 'x'.repeat(1_100_000) }), 413, /over 1048576 bytes/],
    // A string would be sent JSON-encoded: the bytes go as they are.
    ['a body that is not JSON', json, Buffer.from('{"step":'), 400, /invalid request: the body is not JSON/],
    ['a JSON array', json, '[1,2]', 400, /invalid request/],
  ];
  for (const [path] of WRITES)
    for (const [what, headers, data, status, reason] of attempts) {
      const res = await request.post(path, { headers, data });
      expect(res.status(), `${what} to ${path}`).toBe(status);
      expect(((await res.json()) as { error: string }).error, `${what} to ${path}`).toMatch(reason);
    }
  const summary = (await (await request.get('/api/summary')).json()) as { namespaces: { name: string }[] };
  expect(summary.namespaces.map((n) => n.name)).not.toContain('attacker');
});

test('the session switch names what is wrong with a body it cannot take', async ({ request, baseURL }) => {
  const cases: [unknown, RegExp][] = [
    [{}, /action must be switch or readOnly/],
    [{ action: 'readOnly', value: 'off' }, /value must be true or false/],
    [{ action: 'switch', source: 'prod' }, /source must be demo or kube/],
    [{ action: 'switch', source: 'kube' }, /context is required/],
  ];
  for (const [body, reason] of cases) {
    const res = await apiPost(request, baseURL ?? '', '/api/cluster', body);
    expect(res.status(), JSON.stringify(body)).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(reason);
  }
});

test('a confirmation cannot be forged, moved to another step or namespace, or used twice', async ({
  request,
  baseURL,
}) => {
  const post = poster(request, baseURL ?? '');
  const records = async () =>
    ((await (await request.get('/api/migration/shop')).json()) as { records: { id: string }[] }).records
      .length;
  const before = await records();
  const preview = await post('/api/migration/shop/preview', { step: 'deploy-waypoint' });
  expect(preview.status).toBe(200);
  const confirm = preview.body.confirm ?? '';
  const [claims = '', mac = ''] = confirm.split('.');
  const moved = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), ns: 'bookinfo' }),
  ).toString('base64url');
  const refusals: [string, unknown, number, RegExp][] = [
    [
      '/api/migration/shop/apply',
      { step: 'deploy-waypoint', confirm: `${claims}.${'A'.repeat(mac.length)}` },
      403,
      /not issued by this server/,
    ],
    [
      '/api/migration/bookinfo/apply',
      { step: 'deploy-waypoint', confirm: `${moved}.${mac}` },
      403,
      /not issued by this server/,
    ],
    [
      '/api/migration/bookinfo/apply',
      { step: 'deploy-waypoint', confirm },
      403,
      /not deploy-waypoint in bookinfo/,
    ],
    ['/api/migration/shop/apply', { step: 'enable-ambient', confirm }, 403, /not enable-ambient in shop/],
    [
      '/api/migration/shop/apply',
      { step: 'deploy-waypoint' },
      400,
      /a confirmation is required: preview the step first/,
    ],
    ['/api/migration/shop/rollback', { recordId: 'shop/x', confirm }, 404, /no migration record/],
  ];
  for (const [path, body, status, reason] of refusals) {
    const r = await post(path, body);
    expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(status);
    expect(r.body.error).toMatch(reason);
  }
  expect(await records()).toBe(before);

  const applied = await post('/api/migration/shop/apply', { step: 'deploy-waypoint', confirm });
  expect(applied.status).toBe(200);
  const replay = await post('/api/migration/shop/apply', { step: 'deploy-waypoint', confirm });
  // Refused as stale (the step is applied now) or as used, whichever check comes first: nothing more written.
  expect(replay.status).toBe(409);
  expect(replay.body.error).toMatch(/(no longer what the preview showed|already used): preview again/);
  expect(await records()).toBe(before + 1);

  // The apply's confirmation does not roll it back; the rollback's own does, once.
  const recordId = applied.body.recordId ?? '';
  expect((await post('/api/migration/shop/rollback', { recordId, confirm })).status).toBe(403);
  const rp = await post('/api/migration/shop/rollback/preview', { recordId });
  expect(rp.status).toBe(200);
  const rb = await post('/api/migration/shop/rollback', { recordId, confirm: rp.body.confirm });
  expect(rb.status).toBe(200);
  expect((await post('/api/migration/shop/rollback', { recordId, confirm: rp.body.confirm })).status).toBe(
    409,
  );
});

test('an enrolment rollback needs its own confirmation: not forged, not moved to other records or another user, not stale, once', async ({
  request,
  baseURL,
}) => {
  const post = poster(request, baseURL ?? '');
  const statusOf = async (id: string) =>
    (
      (await (await request.get('/api/migration/shop')).json()) as {
        records: { id: string; status: string }[];
      }
    ).records.find((r) => r.id === id)?.status;
  const applyWaypoint = async () => {
    const p = await post('/api/migration/shop/preview', { step: 'deploy-waypoint' });
    expect(p.status).toBe(200);
    const a = await post('/api/migration/shop/apply', { step: 'deploy-waypoint', confirm: p.body.confirm });
    expect(a.status, a.body.error).toBe(200);
    return String(a.body.recordId);
  };
  const previewOf = async (recordIds: string[]) => {
    const p = await post('/api/enrol/rollback/preview', { recordIds });
    expect(p.status, p.body.error).toBe(200);
    return p.body as {
      confirm: string;
      records: { recordId: string; objects: { ref: string; action: string }[] }[];
    };
  };

  const first = await applyWaypoint();
  const preview = await previewOf([first]);
  expect(preview.records[0]?.objects).toContainEqual(
    expect.objectContaining({ ref: 'Gateway/shop/waypoint', action: 'delete' }),
  );
  const { confirm } = preview;
  const [claims = '', mac = ''] = confirm.split('.');
  const edited = (over: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), ...over })).toString('base64url')}.${mac}`;
  const step = await post('/api/migration/shop/rollback/preview', { recordId: first });
  expect(step.status).toBe(200);
  const refusals: [string, unknown, number, RegExp][] = [
    [
      '/api/enrol/rollback',
      { recordIds: [first] },
      400,
      /a confirmation is required: preview the rollback first/,
    ],
    [
      '/api/enrol/rollback',
      { recordIds: [first], confirm: `${claims}.${'A'.repeat(mac.length)}` },
      403,
      /not issued by this server/,
    ],
    [
      '/api/enrol/rollback',
      { recordIds: [first], confirm: edited({ u: 'mallory' }) },
      403,
      /not issued by this server/,
    ],
    [
      '/api/enrol/rollback',
      { recordIds: [first], confirm: edited({ r: 'other' }) },
      403,
      /not issued by this server/,
    ],
    [
      '/api/enrol/rollback',
      { recordIds: [first], confirm: step.body.confirm },
      403,
      /not enrol-rollback in shop/,
    ],
    ['/api/migration/shop/rollback', { recordId: first, confirm }, 403, /not rollback in shop/],
    ['/api/enrol/rollback', { recordIds: [first, 'shop/x'], confirm }, 404, /no migration record shop\/x/],
    ['/api/enrol/rollback', { recordIds: [first, first], confirm }, 400, /must not repeat/],
  ];
  for (const [path, body, status, reason] of refusals) {
    const r = await post(path, body);
    expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(status);
    expect(r.body.error).toMatch(reason);
  }
  expect(await statusOf(first)).toBe('applied');

  // The waypoint changed since the preview: what was confirmed is no longer what would be undone.
  await applyDemoYaml(
    request,
    'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: waypoint, namespace: shop, labels: {e2e: changed}}\n',
  );
  const stale = await post('/api/enrol/rollback', { recordIds: [first], confirm });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatch(/no longer what the preview showed: preview again/);
  expect(await statusOf(first)).toBe('applied');

  const fresh = (await previewOf([first])).confirm;
  expect((await post('/api/enrol/rollback', { recordIds: [first], confirm: fresh })).status).toBe(200);
  expect(await statusOf(first)).toBe('rolled-back');
  const replay = await post('/api/enrol/rollback', { recordIds: [first], confirm: fresh });
  expect(replay.status).toBe(409);
  expect(replay.body.error).toMatch(/already rolled back|already used/);

  // A confirmation for one record does not roll back a longer list (the first record, rolled back, is only skipped).
  const second = await applyWaypoint();
  const forSecond = (await previewOf([second])).confirm;
  const moved = await post('/api/enrol/rollback', { recordIds: [first, second], confirm: forSecond });
  expect(moved.status).toBe(403);
  expect(moved.body.error).toMatch(/the confirmation is for other records/);
  expect(await statusOf(second)).toBe('applied');
  expect((await post('/api/enrol/rollback', { recordIds: [second], confirm: forSecond })).status).toBe(200);
  expect(await statusOf(second)).toBe('rolled-back');
});

test('with read-only on for the session, every write is a 403 with the reason, and previews still run', async ({
  request,
  baseURL,
}) => {
  const base = baseURL ?? '';
  expect((await apiPost(request, base, '/api/cluster', { action: 'readOnly', value: true })).status()).toBe(
    200,
  );
  try {
    const writes: [string, unknown, string?][] = [
      ['/api/demo/apply', { yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: read-only-test}\n' }],
      ['/api/waves', { waves: [] }, 'PUT'],
      ['/api/migration/shop/apply', { step: 'deploy-waypoint', confirm: 'x' }],
      ['/api/migration/shop/rollback', { recordId: 'shop/x', confirm: 'x' }],
      ['/api/enrol/apply', { namespaces: ['shop'], confirm: 'x' }],
      // The rollback's preview issues a confirmation for a write: refused too.
      ['/api/enrol/rollback/preview', { recordIds: ['shop/x'] }],
      ['/api/enrol/rollback', { recordIds: ['shop/x'], confirm: 'x' }],
    ];
    const csrf = await csrfOf(request);
    for (const [path, body, method = 'POST'] of writes) {
      const res = await request.fetch(path, {
        method,
        data: JSON.stringify(body),
        headers: { 'content-type': 'application/json', origin: new URL(base).origin, 'x-csrf-token': csrf },
      });
      expect(res.status(), path).toBe(403);
      expect(((await res.json()) as { error: string }).error, path).toMatch(/read-only.*nothing was changed/);
    }
    const preview = await apiPost(request, base, '/api/migration/shop/preview', { step: 'deploy-waypoint' });
    expect(preview.status()).toBe(200);
    const summary = (await (await request.get('/api/summary')).json()) as { namespaces: { name: string }[] };
    expect(summary.namespaces.map((n) => n.name)).not.toContain('read-only-test');
  } finally {
    expect(
      (await apiPost(request, base, '/api/cluster', { action: 'readOnly', value: false })).status(),
    ).toBe(200);
  }
});

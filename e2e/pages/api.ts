import { type APIRequestContext, type APIResponse, expect } from '@playwright/test';

/** The session's CSRF token (also starts the session in local mode). */
export async function csrfOf(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/auth/session');
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { csrf: string }).csrf;
}

/** A write as the dashboard sends it: JSON, its own Origin, the session's CSRF token. */
export async function apiPost(
  request: APIRequestContext,
  baseURL: string,
  path: string,
  data: unknown,
): Promise<APIResponse> {
  const csrf = await csrfOf(request);
  return request.post(path, {
    data: JSON.stringify(data),
    headers: { 'content-type': 'application/json', origin: new URL(baseURL).origin, 'x-csrf-token': csrf },
  });
}

/** Changes the demo cluster as `kubectl apply` would. */
export async function applyDemoYaml(request: APIRequestContext, yaml: string) {
  const base = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
  const res = await apiPost(request, base, '/api/demo/apply', { yaml });
  expect(res.status(), await res.text()).toBe(200);
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, expect, type Page } from '@playwright/test';

/** Tokens of the test API server's users, written by scripts/e2e-token-server.mjs. */
export function tokenOf(user: 'admin' | 'viewer' | 'team'): string {
  const file = path.resolve('test-results', 'e2e-token', 'tokens.json');
  const token = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)[user];
  if (!token) throw new Error(`no token for ${user} in ${file}`);
  return token;
}

/** The login page of token mode. */
export class LoginPage {
  constructor(readonly page: Page) {}

  get tokenField() {
    return this.page.getByRole('textbox', { name: 'Kubernetes bearer token' });
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/login/);
    await expect(this.tokenField).toBeVisible();
  }

  async logIn(token: string) {
    await this.tokenField.fill(token);
    await this.page.getByRole('button', { name: 'Log in' }).click();
  }

  /** Logs in and waits until the page it was sent from is back. */
  async logInAndReturn(token: string) {
    await this.logIn(token);
    await expect(this.page).not.toHaveURL(/\/login/);
  }
}

/** Logs `request` in and applies one step through the API, as the dashboard does. */
export async function applyAs(
  request: APIRequestContext,
  baseURL: string,
  token: string,
  ns: string,
  step: string,
) {
  const origin = new URL(baseURL).origin;
  const json = { 'content-type': 'application/json', origin };
  const login = await request.post('/api/auth/login', { headers: json, data: JSON.stringify({ token }) });
  expect(login.status(), await login.text()).toBe(200);
  const { csrf } = (await (await request.get('/api/auth/session')).json()) as { csrf: string };
  const headers = { ...json, 'x-csrf-token': csrf };
  const preview = await request.post(`/api/migration/${ns}/preview`, {
    headers,
    data: JSON.stringify({ step }),
  });
  expect(preview.status(), await preview.text()).toBe(200);
  const { confirm } = (await preview.json()) as { confirm: string };
  const apply = await request.post(`/api/migration/${ns}/apply`, {
    headers,
    data: JSON.stringify({ step, confirm }),
  });
  expect(apply.status(), await apply.text()).toBe(200);
}

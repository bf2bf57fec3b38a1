import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './e2e/chromium';

/**
 * Login end to end: a real API server trusting a real OpenID Connect provider, the dashboard in
 * `oidc` mode and in `proxy` mode behind a real oauth2-proxy, each configured from the Helm chart's
 * rendering (see e2e/login/global-setup.ts).
 */
export default defineConfig({
  testDir: 'e2e/login',
  globalSetup: './e2e/login/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'playwright-report/login.json' }],
  ],
  use: {
    // The test identity provider serves TLS with a CA made for this run, which the browser is not given.
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunch,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1440, height: 900 } } }],
});
